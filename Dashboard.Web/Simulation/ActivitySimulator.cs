using Grains.Ingestion;
using Grains.Interfaces;
using Grains.Organisation;
using Grains.Queries;
using Grains.Time;
using Microsoft.Extensions.Options;
using Storage;

namespace Dashboard.Web.Simulation;

/// <summary>
/// Produces live activity for the demo through <see cref="IngestionService"/>, the write path of the HTTP API: it
/// never touches grain state, and each write goes only as far as its actor's scope allows (<see cref="SimulatedActors"/>).
/// Ticks on the injected <see cref="TimeProvider"/>, logs and carries on when a write fails, and starts after the
/// silo (hosted services run in the order they were added, the silo's first).
/// </summary>
internal sealed partial class ActivitySimulator(
    IngestionService ingestion,
    SimulatedActors actors,
    CaseQueries cases,
    OrganisationTree organisation,
    LocalClock clock,
    IEventLog log,
    HistoryBackfill history,
    TimeProvider time,
    IOptions<SimulatorOptions> options,
    ILogger<ActivitySimulator> logger) : BackgroundService
{
    private const string IdPrefix = "sim-";

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan FailureLogInterval = TimeSpan.FromSeconds(10);

    private readonly Lock _failureGate = new();
    private DateTimeOffset _lastFailureLogged = DateTimeOffset.MinValue;
    private int _failuresNotLogged;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await SimulateAsync(stoppingToken);
        }
        finally
        {
            history.Skip();
        }
    }

    private async Task SimulateAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Rate <= 0)
        {
            return;
        }


        var seed = settings.Seed ?? Random.Shared.Next();
        var workload = new SimulatedWorkload(organisation, clock.Zone, new Random(seed), NewId);
        if (!await WriteHistoryAsync(workload, settings, seed, stoppingToken))
        {
            return;
        }

        var pace = new ActivityPace(settings.Rate);
        var resumed = await ResumeOpenCasesAsync(workload);
        LogStarted(settings.Rate, seed, organisation.Workers.Count, resumed);

        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            do
            {
                try
                {
                    await RunTickAsync(workload, pace, stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    LogFailure(exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogStopped();
        }
    }

    /// <summary>
    /// Writes the past days first when the log was empty at start (a fresh demo); a log with anything in it already
    /// has its history. False when the app is stopping.
    /// </summary>
    private async Task<bool> WriteHistoryAsync(SimulatedWorkload workload, SimulatorOptions settings, int seed, CancellationToken stoppingToken)
    {
        if (settings.HistoryDays <= 0 || await HasEntriesAsync(stoppingToken))
        {
            history.Skip();
            return true;
        }

        try
        {
            await history.WriteAsync(workload, seed, settings.HistoryDays, stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception exception)
        {
            LogFailure(exception);
            return !stoppingToken.IsCancellationRequested;
        }
    }

    /// <summary>Takes over the simulator's cases a previous run left open, so restarts of the demo leave no case behind.</summary>
    private async Task<int> ResumeOpenCasesAsync(SimulatedWorkload workload)
    {
        try
        {
            var now = time.GetUtcNow();
            var listed = await cases.ListAsync(organisation.Root.Id, state: null, overdue: null, page: 1, pageSize: int.MaxValue);
            return (listed?.Items ?? [])
                .Where(item => item.Id.StartsWith(IdPrefix, StringComparison.Ordinal))
                .Count(item => workload.Resume(item, now));
        }
        catch (Exception exception)
        {
            LogFailure(exception);
            return 0;
        }
    }

    private async Task RunTickAsync(SimulatedWorkload workload, ActivityPace pace, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var writes = new List<SimulatedWrite>(workload.DueWrites(now));
        for (var due = pace.Due(now); due > 0; due--)
        {
            writes.Add(workload.NextActivity(now));
        }

        if (writes.Count == 0)
        {
            return;
        }

        writes.RemoveAll(write =>
        {
            if (actors.MayWrite(write))
            {
                return false;
            }

            LogForbidden(write.GetType().Name);
            workload.Refused(write);
            return true;
        });

        // One batch (one commit) for the reports; the writes of one tick concern different cases and workers, so they
        // go concurrently. The workload hears of refusals only after all of them, on this flow, as it is not thread-safe.
        var reports = writes.OfType<SimulatedReport>().ToList();
        var others = writes.Where(write => write is not SimulatedReport).ToList();
        var refused = await Task.WhenAll([SubmitReportsAsync(reports, cancellationToken), .. others.Select(write => SubmitAsync(write, cancellationToken))]);
        foreach (var write in refused.SelectMany(writes => writes))
        {
            workload.Refused(write);
        }
    }

    private async Task<IReadOnlyList<SimulatedWrite>> SubmitReportsAsync(List<SimulatedReport> reports, CancellationToken cancellationToken)
    {
        if (reports.Count == 0)
        {
            return [];
        }

        try
        {
            var results = await ingestion.SubmitReportsAsync([.. reports.Select(report => report.Report)], cancellationToken);
            return [.. reports.Where((report, i) => IsRefused(report, results[i]))];
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailure(exception);
            return reports;
        }
    }

    private async Task<IReadOnlyList<SimulatedWrite>> SubmitAsync(SimulatedWrite write, CancellationToken cancellationToken)
    {
        try
        {
            var result = write switch
            {
                SimulatedCase created => await ingestion.SubmitCaseAsync(created.Case, cancellationToken),
                SimulatedCaseAction action => await ingestion.SubmitCaseActionAsync(action.Action, cancellationToken),
                SimulatedStatus status => await ingestion.SubmitWorkerStatusAsync(status.Status, cancellationToken),
                _ => throw new InvalidOperationException($"Unknown simulated write {write.GetType().Name}."),
            };
            return IsRefused(write, result) ? [write] : [];
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailure(exception);
            return [write];
        }
    }

    private bool IsRefused(SimulatedWrite write, WriteResult result)
    {
        if (result.Outcome is WriteOutcome.Accepted or WriteOutcome.Duplicate)
        {
            return false;
        }

        LogRefused(write.GetType().Name, result.Outcome, result.Field, result.Detail);
        return true;
    }

    private void LogFailure(Exception exception)
    {
        var now = time.GetUtcNow();
        int suppressed;
        lock (_failureGate)
        {
            if (now - _lastFailureLogged < FailureLogInterval)
            {
                _failuresNotLogged++;
                return;
            }

            _lastFailureLogged = now;
            suppressed = _failuresNotLogged;
            _failuresNotLogged = 0;
        }

        LogWriteFailed(exception, suppressed);
    }

    private static string NewId() => $"{IdPrefix}{Guid.NewGuid():N}";

    [LoggerMessage(Level = LogLevel.Information, Message = "模拟器已启动 Simulator started: {Rate} activities per second, seed {Seed}, {Workers} workers, {Resumed} open cases taken over.")]
    private partial void LogStarted(double rate, int seed, int workers, int resumed);

    [LoggerMessage(Level = LogLevel.Information, Message = "模拟器已停止 Simulator stopped.")]
    private partial void LogStopped();

    private async Task<bool> HasEntriesAsync(CancellationToken cancellationToken)
    {
        await foreach (var entry in log.ReadAllAsync(0, cancellationToken))
        {
            return true;
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Simulated {Write} refused: {Outcome} {Field} {Detail}")]
    private partial void LogRefused(string write, WriteOutcome outcome, string? field, string? detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "模拟写入超出其身份的权限，未发送 A simulated {Write} was outside its actor's scope and was not sent.")]
    private partial void LogForbidden(string write);

    [LoggerMessage(Level = LogLevel.Warning, Message = "模拟写入失败，继续运行 A simulated write failed; carrying on ({Suppressed} more failures since the last message).")]
    private partial void LogWriteFailed(Exception exception, int suppressed);
}
