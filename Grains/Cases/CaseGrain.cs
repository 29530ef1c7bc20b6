using Grains.Interfaces;
using Grains.Storage;
using Grains.Time;
using Orleans;
using Storage;

namespace Grains.Cases;

/// <summary>
/// A case and its lifecycle. State is rebuilt from the case's stream in the log on activation; a write is checked,
/// stored, applied and then passed to the case's grid, all in one turn, so actions on a case apply in one order.
/// </summary>
public sealed class CaseGrain(IEventLog log, LocalClock clock) : Grain, ICaseGrain
{
    private CaseFile? _file;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Orleans runs the start of an activation, up to its first pending await, under the activation's lock; a call to
        // another local grain from there takes that grain's lock too, and two grains doing so towards each other
        // deadlock. Yielding first lets the activation go on as an ordinary turn, outside that lock.
        await Task.Yield();
        var stream = await log.ReadStreamAsync(LogPayloads.CaseStream(this.GetPrimaryKeyString()), cancellationToken: cancellationToken);
        foreach (var entry in stream.Entries)
        {
            Replay(entry);
        }
    }

    /// <inheritdoc />
    public async Task<WriteResult> CreateAsync(NewCase newCase)
    {
        if (_file is not null)
        {
            return LogPayloads.Serialize(_file.Case) == LogPayloads.Serialize(newCase)
                ? await DuplicateAsync()
                : new WriteResult(WriteOutcome.Conflict, "id", "该事件编号已被其他内容使用。");
        }

        var file = new CaseFile(newCase);
        var stored = await AppendAsync(LogPayloads.ToEntry(newCase), file);
        if (stored.Outcome != WriteOutcome.Accepted)
        {
            return stored;
        }

        _file = file;
        await UpsertOnGridAsync();
        return stored;
    }

    /// <inheritdoc />
    public async Task<WriteResult> ApplyAsync(CaseAction action)
    {
        if (_file is null)
        {
            return new WriteResult(WriteOutcome.NotFound, "caseId", "事件不存在。");
        }

        if (_file.FindAction(action.Id) is { } held)
        {
            return LogPayloads.Serialize(held) == LogPayloads.Serialize(action)
                ? await DuplicateAsync()
                : new WriteResult(WriteOutcome.Conflict, "id", "该操作编号已被其他内容使用。");
        }

        if (CaseLifecycle.Check(_file, action) is { } refused)
        {
            return refused;
        }

        var after = _file.Clone();
        CaseLifecycle.Apply(after, action);
        var stored = await AppendAsync(LogPayloads.ToEntry(action), after);
        if (stored.Outcome != WriteOutcome.Accepted)
        {
            return stored;
        }

        _file = after;
        await UpsertOnGridAsync();
        return stored;
    }

    /// <inheritdoc />
    public Task<CaseView?> GetAsync() => Task.FromResult(_file?.ToView(clock.Now));

    private void Replay(StoredEntry entry)
    {
        if (entry.Type == LogPayloads.CaseType)
        {
            _file ??= new CaseFile(LogPayloads.ReadCase(entry.Payload));
        }
        else if (entry.Type == LogPayloads.CaseActionType && _file is not null)
        {
            var action = LogPayloads.ReadCaseAction(entry.Payload);
            if (CaseLifecycle.Check(_file, action) is null)
            {
                CaseLifecycle.Apply(_file, action);
            }
        }
    }

    /// <summary>
    /// Stores the case's entry and, in the same commit, the summary its grid holds afterwards (in the grid's stream), so
    /// that a grid activating later reads its cases from its own stream.
    /// </summary>
    private async Task<WriteResult> AppendAsync(LogEntry entry, CaseFile after)
    {
        var results = await log.AppendAsync([entry, LogPayloads.ToEntry(after.ToSummary(), entry.OccurredAt)]);
        return results[0].Status switch
        {
            AppendStatus.Appended => new WriteResult(WriteOutcome.Accepted),
            AppendStatus.Duplicate => new WriteResult(WriteOutcome.Duplicate),
            _ => new WriteResult(WriteOutcome.Conflict, "id", "该编号已被其他内容使用。"),
        };
    }

    /// <summary>
    /// Answers a repeat, first handing the grid the case as it stands: the first attempt may have been stored by an
    /// activation whose silo died before the grid heard of it. The grid ignores a summary it already has.
    /// </summary>
    private async Task<WriteResult> DuplicateAsync()
    {
        await UpsertOnGridAsync();
        return new WriteResult(WriteOutcome.Duplicate);
    }

    private Task UpsertOnGridAsync() =>
        GrainFactory.GetGrain<IGridGrain>(_file!.Case.GridId).UpsertCaseAsync(_file.ToSummary());
}
