using Grains.Interfaces;

namespace Dashboard.Web.Simulation;

/// <summary>One write the simulator sends through the ingestion service, as the actor <see cref="SimulatedActors"/> names.</summary>
public abstract record SimulatedWrite;

/// <summary>A visit, training or event.</summary>
public sealed record SimulatedReport(ActivityReport Report) : SimulatedWrite;

/// <summary>A new case.</summary>
public sealed record SimulatedCase(NewCase Case) : SimulatedWrite;

/// <summary>A step of a case's lifecycle, taken by the command centre of a street for a case of one of its grids.</summary>
/// <param name="Action">The action.</param>
/// <param name="GridId">The grid of the case.</param>
/// <param name="CommandCentreId">The street whose command centre takes the action.</param>
public sealed record SimulatedCaseAction(CaseAction Action, string GridId, string CommandCentreId) : SimulatedWrite;

/// <summary>A worker's duty status.</summary>
public sealed record SimulatedStatus(WorkerStatusReport Status) : SimulatedWrite;
