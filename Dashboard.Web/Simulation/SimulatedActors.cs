using System.Collections.Concurrent;
using Dashboard.Web.Accounts;
using Grains.Interfaces;
using Grains.Organisation;

namespace Dashboard.Web.Simulation;

/// <summary>
/// Who the simulator writes as (spec 9): each simulated grid worker as a worker account of their own grid, and each
/// street's command centre, which dispatches and closes the cases of its grids, as a leader of that street. A write
/// reaches <see cref="Grains.Ingestion.IngestionService"/> only if the <see cref="AccessScope"/> of its actor allows
/// it, the scope that judges a client's request; so a simulated write that crossed grids would be refused as it
/// would over HTTP.
/// </summary>
public sealed class SimulatedActors(OrganisationTree organisation)
{
    /// <summary>The credential id the simulator's principals carry.</summary>
    public const string CredentialId = "simulator";

    private const string Scheme = "Simulator";

    private readonly ConcurrentDictionary<string, AccessScope?> _workers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AccessScope?> _commandCentres = new(StringComparer.Ordinal);

    /// <summary>Whether the write's actor may make it: the worker for a report, new case or status; the command centre of the case's street for a case action.</summary>
    public bool MayWrite(SimulatedWrite write) => write switch
    {
        SimulatedReport { Report: var report } => WorkerScope(report.WorkerId)?.CanReport(report.GridId, report.WorkerId) == true,
        SimulatedCase { Case: var newCase } => WorkerScope(newCase.WorkerId)?.CanReport(newCase.GridId, newCase.WorkerId) == true,
        SimulatedStatus { Status: var status } => WorkerScope(status.WorkerId)?.CanSetStatus(status.WorkerId) == true,
        SimulatedCaseAction action => CommandCentreScope(action.CommandCentreId)?.CanActOnCase(action.GridId) == true,
        _ => false,
    };

    /// <summary>The street whose command centre acts on the cases of <paramref name="gridId"/>; null for an unknown grid.</summary>
    public string? CommandCentreOf(string gridId) =>
        organisation.LineOf(gridId).FirstOrDefault(unit => unit.Level == UnitLevel.Street)?.Id;

    /// <summary>A worker's scope: their own grid, as the organisation says, whatever grid a write names.</summary>
    private AccessScope? WorkerScope(string workerId) => _workers.GetOrAdd(workerId, id =>
        organisation.FindWorker(id) is { } worker
            ? Scope(new Account(worker.Id, worker.Name, Roles.Worker, worker.GridId, worker.Id, DateTimeOffset.UnixEpoch, HasPassword: false))
            : null);

    private AccessScope? CommandCentreScope(string streetId) => _commandCentres.GetOrAdd(streetId, id =>
        organisation.FindUnit(id) is { Level: UnitLevel.Street } street
            ? Scope(new Account($"command-centre-{street.Id}", FieldCatalogue.CommandCentreOf(street.Name), Roles.Leader, street.Id, null, DateTimeOffset.UnixEpoch, HasPassword: false))
            : null);

    private AccessScope Scope(Account account) => AccessScope.Of(AccountPrincipal.Create(account, CredentialId, Scheme), organisation);
}
