using Silo.Health;
using Silo.Hosting;
using Dashboard.Web.Accounts;
using Dashboard.Web.Apis;
using Dashboard.Web.Hosting;
using Dashboard.Web.Live;
using Dashboard.Web.Security;
using Grains.Organisation;
using Microsoft.Extensions.Options;
using Storage;

try
{
    var builder = WebApplication.CreateBuilder(GridPulseCommandLine.Normalise(args));
    builder.AddGridPulse();
    builder.AddGridPulseAccounts();
    builder.AddGridPulseSecurity();
    builder.Services.AddGridPulseOpenApi();
    builder.AddGridPulseMetrics();

    var app = builder.Build();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseAuthentication();
    app.UseGridPulseSecurity();
    app.UseGridPulsePages();
    app.UseAuthorization();

    app.MapGridPulseOpenApi();
    app.MapGridPulseMetrics();
    app.MapHealthApi();
    app.MapUnitsApi();
    app.MapReplayApi();
    app.MapBulletinsApi();
    app.MapReportsApi();
    app.MapCasesApi();
    app.MapWorkersApi();
    app.MapWallsApi();
    app.MapSignIn();
    app.MapAccountsApi();
    app.MapOnboardingApi();
    app.MapOrganisationApi();
    app.MapRosterApi();
    app.MapLivePush();
    app.MapBenchmarkEndpoints();

    app.Run();
    return 0;
}
catch (Exception e) when (e is OrganisationFileException or StartupException or StorageStartupException or OptionsValidationException)
{
    // A setting the user can fix: say what, without a stack trace.
    Console.Error.WriteLine(e.Message);
    return 1;
}

/// <summary>Entry point, public for <c>WebApplicationFactory</c>.</summary>
public partial class Program;
