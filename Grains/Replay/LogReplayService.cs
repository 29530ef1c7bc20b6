using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Grains.Replay;

/// <summary>
/// Runs the replay while the host starts: after the silo (registered before it) and before the web server takes
/// requests, since ASP.NET Core starts hosted services first.
/// </summary>
internal sealed partial class LogReplayService(LogReplay replay, ReplayStatus status, ILogger<LogReplayService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var entries = await replay.RunAsync(cancellationToken);
            status.Complete(entries, watch.Elapsed);
            LogReplayed(entries, watch.Elapsed);
        }
        catch (Exception exception)
        {
            status.Fail(exception);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed {Entries} log entries into the grains in {Elapsed}.")]
    private partial void LogReplayed(long entries, TimeSpan elapsed);
}
