namespace Dashboard.Web.Tests.Infrastructure;

/// <summary>A temporary directory holding a data directory and the test organisation file; deleted on dispose.</summary>
public sealed class TestDirectory : IDisposable
{
    public TestDirectory()
    {
        OrganisationFile = TestOrganisation.WriteTo(Path);
    }

    public string Path { get; } = Directory.CreateTempSubdirectory("gridpulse-web-").FullName;

    public string DataDirectory => System.IO.Path.Combine(Path, "data");

    public string OrganisationFile { get; }

    public GridPulseApp StartApp(
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null,
        IReadOnlyDictionary<string, string>? settings = null) =>
        GridPulseApp.ForOrganisation(DataDirectory, OrganisationFile, services, settings);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
