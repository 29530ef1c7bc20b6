using Grains.Organisation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Silo.Hosting;
using Storage;

namespace Silo;

/// <summary>Runs a GridPulse silo on its own: <c>dotnet run --project Silo -- --org FILE</c>.</summary>
public static class Program
{
    /// <summary>Starts the silo; answers 1 with a message (no stack trace) for a setting the user can fix.</summary>
    public static int Main(string[] args)
    {
        try
        {
            var builder = Host.CreateApplicationBuilder(GridPulseCommandLine.Normalise(args));
            var file = builder.Configuration["Organisation:File"];
            if (string.IsNullOrWhiteSpace(file))
            {
                throw new StartupException("未指定组织文件：请用 --org FILE 指定。 No organisation given: pass --org FILE.");
            }

            builder.Services.AddSingleton(OrganisationTree.Load(file));
            builder.UseOrleans(silo => silo.AddGridPulse(builder.Configuration));
            builder.Build().Run();
            return 0;
        }
        catch (Exception e) when (e is OrganisationFileException or StartupException or StorageStartupException or OptionsValidationException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }
}
