using Dashboard.Web.Security;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Security;

/// <summary>The data-protection keys live under the data directory, so sign-in cookies survive a restart (issue 5).</summary>
public sealed class DataProtectionKeysTests : IDisposable
{
    private const string Purpose = "GridPulse.Tests.Restart";

    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task What_the_app_protected_before_a_restart_it_unprotects_after_it()
    {
        // Arrange
        string protectedText;
        await using (var before = _directory.StartApp())
        {
            protectedText = before.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Protect("网格员登录");
        }

        // Act
        await using var after = _directory.StartApp();
        var text = after.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(protectedText);

        // Assert
        Assert.Equal("网格员登录", text);
        var keys = Path.Combine(_directory.DataDirectory, GridPulseSecurityExtensions.KeysFolder);
        Assert.NotEmpty(Directory.GetFiles(keys, "key-*.xml"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys));
        }
    }

    public void Dispose() => _directory.Dispose();
}
