using System.Threading.Channels;
using Grains.Cases;
using Grains.Interfaces;
using Grains.Organisation;
using Grains.Storage;
using Grains.Time;
using Grains.Units;
using Orleans;
using Storage;

namespace Grains.Replay;

/// <summary>
/// Rebuilds the unit grains from the log on start. It reads the log once, in order, on one thread while it counts on
/// another: reports are summed per grid and local hour and handed to each grid as one tally, workers' statuses go to
/// their grids, and cases with their actions are folded in memory before each grid gets its cases. Case grains
/// rebuild themselves from their own stream when first called.
/// </summary>
public sealed class LogReplay(IEventLog log, IGrainFactory grains, OrganisationTree organisation, LocalClock clock)
{
    private const int ReadBatchSize = 4096;
    private const int MaxCallsInFlight = 64;

    /// <summary>Replays the whole log; answers how many entries it read.</summary>
    public async Task<long> RunAsync(CancellationToken cancellationToken)
    {
        var batches = Channel.CreateBounded<List<StoredEntry>>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(() => ReadAsync(batches.Writer, cancellationToken), cancellationToken);
        var fold = new Fold(organisation, clock);
        long entries = 0;
        await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
        {
            foreach (var entry in batch)
            {
                fold.Add(entry);
            }

            entries += batch.Count;
        }

        await reading;
        await SendAsync(fold);
        return entries;
    }

    private async Task ReadAsync(ChannelWriter<List<StoredEntry>> writer, CancellationToken cancellationToken)
    {
        try
        {
            var batch = new List<StoredEntry>(ReadBatchSize);
            await foreach (var entry in log.ReadAllAsync(0, cancellationToken))
            {
                batch.Add(entry);
                if (batch.Count == ReadBatchSize)
                {
                    await writer.WriteAsync(batch, cancellationToken);
                    batch = new List<StoredEntry>(ReadBatchSize);
                }
            }

            await writer.WriteAsync(batch, cancellationToken);
            writer.Complete();
        }
        catch (Exception exception)
        {
            writer.Complete(exception);
        }
    }

    private async Task SendAsync(Fold fold)
    {
        var calls = new List<Task>();
        foreach (var (gridId, counter) in fold.Activities)
        {
            await CallAsync(calls, grains.GetGrain<IGridGrain>(gridId).RecordTallyAsync(counter.ToTally()));
        }

        foreach (var status in fold.Statuses)
        {
            await CallAsync(calls, grains.GetGrain<IGridGrain>(status.GridId).RecordWorkerStatusAsync(status.Status));
        }

        foreach (var file in fold.Cases.Values.Where(f => fold.IsGrid(f.Case.GridId)))
        {
            await CallAsync(calls, grains.GetGrain<IGridGrain>(file.Case.GridId).UpsertCaseAsync(file.ToSummary()));
        }

        await Task.WhenAll(calls);
    }

    /// <summary>Keeps a bounded number of grain calls in flight.</summary>
    private static async Task CallAsync(List<Task> calls, Task call)
    {
        calls.Add(call);
        if (calls.Count >= MaxCallsInFlight)
        {
            await Task.WhenAll(calls);
            calls.Clear();
        }
    }

    /// <summary>What the log holds, folded per grid and per case.</summary>
    private sealed class Fold(OrganisationTree organisation, LocalClock clock)
    {
        private readonly LocalHourCache _hours = new(clock);

        public Dictionary<string, ActivityCounter> Activities { get; } = new(StringComparer.Ordinal);

        public List<(string GridId, WorkerStatusReport Status)> Statuses { get; } = [];

        public Dictionary<string, CaseFile> Cases { get; } = new(StringComparer.Ordinal);

        public bool IsGrid(string unitId) => organisation.FindUnit(unitId) is { Level: UnitLevel.Grid };

        public void Add(StoredEntry entry)
        {
            switch (entry.Type)
            {
                case LogPayloads.ReportType:
                    AddReport(entry);
                    break;
                case LogPayloads.WorkerStatusType:
                    var status = LogPayloads.ReadWorkerStatus(entry.Payload);
                    if (organisation.FindWorker(status.WorkerId) is { } worker)
                    {
                        Statuses.Add((worker.GridId, status));
                    }

                    break;
                case LogPayloads.CaseType:
                    var newCase = LogPayloads.ReadCase(entry.Payload);
                    Cases.TryAdd(newCase.Id, new CaseFile(newCase));
                    break;
                case LogPayloads.CaseActionType:
                    var action = LogPayloads.ReadCaseAction(entry.Payload);
                    if (Cases.TryGetValue(action.CaseId, out var file) && CaseLifecycle.Check(file, action) is null)
                    {
                        CaseLifecycle.Apply(file, action);
                    }

                    break;
            }
        }

        private void AddReport(StoredEntry entry)
        {
            if (!Activities.TryGetValue(entry.Stream, out var counter))
            {
                if (!IsGrid(entry.Stream))
                {
                    return;
                }

                counter = new ActivityCounter(_hours);
                Activities[entry.Stream] = counter;
            }

            counter.Add(LogPayloads.ReadReportForCounting(entry));
        }
    }
}
