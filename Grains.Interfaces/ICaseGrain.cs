using Orleans;


namespace Grains.Interfaces;

/// <summary>
/// A case (事件) and its lifecycle (spec 2.3). Keyed by case id. Writes are stored in the log inside the grain's
/// turn, so the actions on one case are applied in one order, and answered only after the durable commit.
/// </summary>
public interface ICaseGrain : IGrainWithStringKey
{
    /// <summary>Creates the case; a repeat with the same content is a duplicate, with other content a conflict.</summary>
    Task<WriteResult> CreateAsync(NewCase newCase);

    /// <summary>Applies an action; illegal transitions are refused and change nothing. Idempotent by action id.</summary>
    Task<WriteResult> ApplyAsync(CaseAction action);

    /// <summary>The case with its history, or null when it does not exist.</summary>
    Task<CaseView?> GetAsync();
}
