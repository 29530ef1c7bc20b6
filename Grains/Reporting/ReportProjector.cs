using Grains.Time;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Storage;

namespace Grains.Reporting;

/// <summary>
/// Keeps the projection (<see cref="IReportStore"/>) up to date with the log: it takes the projection's writer (one
/// process in a cluster; the others wait and take over when it goes), reads the log after the stored position in
/// chunks of <see cref="ChunkSize"/> entries, folds each chunk (<see cref="ReportProjection"/>) and applies it with the
/// new position in one transaction. Once it has reached the end of the log it asks again every
/// <see cref="PollInterval"/>: a write shows in the bulletins within about that long.
/// </summary>
public sealed partial class ReportProjector(
    IEventLog log, IReportStore store, LocalClock clock, TimeProvider time, ILogger<ReportProjector> logger) : BackgroundService
{
    /// <summary>
    /// The most entries read and applied in one transaction. A chunk holds its days and cases, not its entries
    /// (<see cref="ReportProjection"/>), and the bigger it is the fewer rows each entry costs: a backlog of reports over
    /// a week upserts about one row for every seven entries in chunks of 100,000, one for every one and a half in
    /// chunks of 20,000 (measured apart from the server: 3.7 against 4.8 µs an entry, read, folded and written).
    /// </summary>
    public const int ChunkSize = 100_000;

    /// <summary>How often a projector at the end of the log asks it for more.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a process that does not hold the writer waits before it asks again, and how long after a failure the projector starts again.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    // The time the projection is complete to is written at most this often while nothing new arrives.
    private static readonly TimeSpan AsOfEvery = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private readonly List<(long Position, TaskCompletionSource Reached)> _waiters = [];
    private long _position = -1;

    /// <summary>Completes once this process's projector has applied the log up to <paramref name="position"/>.</summary>
    public Task WaitForAsync(long position, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_position >= position)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((position, reached));
            return reached.Task.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var writer = await store.TryOpenWriterAsync(stoppingToken);
                if (writer is null)
                {
                    await Task.Delay(RetryInterval, stoppingToken);
                    continue;
                }

                LogProjecting(logger, writer.Position);
                await FollowAsync(writer, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogFailed(logger, exception, RetryInterval);
                await Task.Delay(RetryInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task FollowAsync(IReportWriter writer, CancellationToken cancellationToken)
    {
        Reached(writer.Position);
        var asOfWritten = DateTimeOffset.MinValue;
        while (!cancellationToken.IsCancellationRequested)
        {
            var readAt = time.GetUtcNow();
            var projection = new ReportProjection(writer.Position, clock);
            await foreach (var entry in log.ReadAllAsync(writer.Position, cancellationToken))
            {
                projection.Add(entry);
                if (projection.Count == ChunkSize)
                {
                    break;
                }
            }

            var atEnd = projection.Count < ChunkSize;
            if (projection.Count > 0 || readAt - asOfWritten >= AsOfEvery)
            {
                var stored = await writer.ReadCasesAsync(projection.CasesActedOn(), cancellationToken);
                var batch = projection.Finish(stored);
                batch.AsOf = atEnd ? readAt : null;
                if (!await writer.ApplyAsync(batch, cancellationToken))
                {
                    throw new InvalidOperationException($"The projection's position moved away from {batch.From} under its writer.");
                }

                asOfWritten = atEnd ? readAt : asOfWritten;
                Reached(writer.Position);
            }

            if (atEnd)
            {
                await Task.Delay(PollInterval, cancellationToken);
            }
        }
    }

    private void Reached(long position)
    {
        lock (_gate)
        {
            _position = position;
            _waiters.RemoveAll(waiter =>
            {
                if (waiter.Position > position)
                {
                    return false;
                }

                waiter.Reached.TrySetResult();
                return true;
            });
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "统计投影从日志位置 {Position} 继续 The report projection follows the log from position {Position}.")]
    private static partial void LogProjecting(ILogger logger, long position);

    [LoggerMessage(Level = LogLevel.Warning, Message = "统计投影出错，{Retry} 后重试 The report projection failed; it starts again in {Retry}.")]
    private static partial void LogFailed(ILogger logger, Exception exception, TimeSpan retry);
}
