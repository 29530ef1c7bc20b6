using Orleans;

namespace Grains.Interfaces;

/// <summary>A worker's duty status as the worker reports it (spec 2.4).</summary>
public enum WorkerDutyStatus
{
    /// <summary>在岗.</summary>
    OnDuty,

    /// <summary>巡查中.</summary>
    Patrolling,

    /// <summary>离岗.</summary>
    OffDuty,
}

/// <summary>A worker's status report as stored in the log.</summary>
[GenerateSerializer, Immutable, Alias("gridpulse.WorkerStatusReport")]
public sealed record WorkerStatusReport([Id(0)] string WorkerId, [Id(1)] WorkerDutyStatus Status, [Id(2)] DateTimeOffset At);

/// <summary>The status a unit shows for a worker: the reported one, or offline when not heard from for 15 minutes.</summary>
public enum WorkerPresence
{
    /// <summary>在岗.</summary>
    OnDuty,

    /// <summary>巡查中.</summary>
    Patrolling,

    /// <summary>离岗.</summary>
    OffDuty,

    /// <summary>离线: not heard from for 15 minutes (or never).</summary>
    Offline,
}

/// <summary>A worker as <c>GET /api/units/{id}/workers</c> lists it.</summary>
[GenerateSerializer, Immutable, Alias("gridpulse.WorkerView")]
public sealed record WorkerView([Id(0)] string Id, [Id(1)] string Name, [Id(2)] string GridId, [Id(3)] WorkerPresence Status, [Id(4)] DateTimeOffset? LastSeen);
