using Grains.Live;
using Grains.Storage;
using Storage;

namespace Dashboard.Web.Live;

/// <summary>
/// Fills <see cref="RecentActivity"/> at start from the newest reports and cases in the log, so that a page opened on
/// a process that has just started (a restart, or a web node that joins a cluster) shows the latest activity, not an
/// empty feed until the next report. Runs before the pusher takes new items; the feed never counts anything, so a
/// log that cannot be read leaves the feed empty and the start goes on.
/// </summary>
internal sealed partial class RecentActivitySeed(IEventLog log, ActivityFeed feed, RecentActivity recent, ILogger<RecentActivitySeed> logger) : IHostedService
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private static readonly string[] Types = [LogPayloads.ReportType, LogPayloads.CaseType];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var newest = await log.ReadNewestAsync(Types, RecentActivity.Capacity, cancellationToken).WaitAsync(Patience, cancellationToken);
            foreach (var entry in newest)
            {
                recent.Add(entry.Type == LogPayloads.CaseType
                    ? feed.ItemOf(LogPayloads.ReadCase(entry.Payload))
                    : feed.ItemOf(LogPayloads.ReadReport(entry.Payload)));
            }
        }
        catch (Exception e) when (e is StorageUnavailableException or TimeoutException or System.Text.Json.JsonException)
        {
            LogNotSeeded(e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The activity feed starts empty: the newest activity could not be read from the log: {Reason}")]
    private partial void LogNotSeeded(string reason);
}
