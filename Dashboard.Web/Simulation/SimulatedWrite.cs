using Grains.Interfaces;

namespace Dashboard.Web.Simulation;

/// <summary>One write the simulator sends through the ingestion service.</summary>
public abstract record SimulatedWrite;

/// <summary>A visit, training or event.</summary>
public sealed record SimulatedReport(ActivityReport Report) : SimulatedWrite;

/// <summary>A new case.</summary>
public sealed record SimulatedCase(NewCase Case) : SimulatedWrite;

/// <summary>A step of a case's lifecycle.</summary>
public sealed record SimulatedCaseAction(CaseAction Action) : SimulatedWrite;

/// <summary>A worker's duty status.</summary>
public sealed record SimulatedStatus(WorkerStatusReport Status) : SimulatedWrite;
