using System.Net;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace Dashboard.Web.Tests.Hosting;

/// <summary>
/// <c>--postgres</c> (<c>ConnectionStrings:GridPulse</c>) puts the event log in PostgreSQL (issue 11): what a web node
/// stored is there for a node started on another machine's data directory, and a server that cannot be reached
/// stops start-up with a message naming it.
/// </summary>
public sealed class PostgresStorageTests : IDisposable
{
    private readonly TestDirectory _first = new();
    private readonly TestDirectory _second = new();

    [Fact]
    public async Task Reports_stored_through_one_node_are_counted_by_a_node_that_shares_only_the_postgres_store()
    {
        var store = new Dictionary<string, string> { ["ConnectionStrings:GridPulse"] = TestPostgres.ConnectionStringFor(Guid.NewGuid().ToString("N")) };
        var report = Api.Visit(Api.UniqueId("postgres"), "t-g2", "t-w2").Patched("""{"households": 4}""");
        await using (var first = _first.StartApp(settings: store))
        {
            using var client = first.CreateClient();
            using var accepted = await client.PostJsonAsync("/api/reports", report);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            Assert.Equal(4, await client.CountAsync("t-d", "total", "households"));
        }

        await using var second = _second.StartApp(settings: store);
        using var secondClient = second.CreateClient();
        using var repeated = await secondClient.PostJsonAsync("/api/reports", report);

        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(4, await secondClient.CountAsync("t-d", "total", "households"));
        Assert.False(File.Exists(Path.Combine(_second.DataDirectory, Storage.SqliteEventLog.DatabaseFileName)));
    }

    [Fact]
    public async Task What_one_node_protects_another_node_on_the_same_store_reads_its_keys_are_in_postgres()
    {
        var store = new Dictionary<string, string> { ["ConnectionStrings:GridPulse"] = TestPostgres.ConnectionStringFor(Guid.NewGuid().ToString("N")) };
        await using var first = _first.StartApp(settings: store);
        await using var second = _second.StartApp(settings: store);

        var cookie = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("sign-in").Protect("a session");
        var read = second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("sign-in").Unprotect(cookie);

        Assert.Equal("a session", read);
        Assert.False(Directory.Exists(Path.Combine(_first.DataDirectory, Dashboard.Web.Security.GridPulseSecurityExtensions.KeysFolder)));
    }

    [Fact]
    public async Task An_unreachable_postgres_stops_start_up_with_a_message_naming_it_without_its_password()
    {
        var (exitCode, output) = await AppProcess.RunToExitAsync(
            "--org", _first.OrganisationFile, "--data", _first.DataDirectory,
            "--postgres", "Host=127.0.0.1;Port=1;Username=gridpulse;Password=secret;Timeout=2");

        Assert.Equal(1, exitCode);
        Assert.Contains("PostgreSQL at 'Host=127.0.0.1;Port=1", output, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }
}
