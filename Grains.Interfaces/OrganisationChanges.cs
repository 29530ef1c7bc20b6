using Orleans;

namespace Grains.Interfaces;

/// <summary>What one operation of an organisation change does (issue 13, section 1).</summary>
public enum OrganisationOperationKind
{
    /// <summary>Adds a unit (<see cref="OrganisationOperation.Id"/>, name, level) under <see cref="OrganisationOperation.ParentId"/>.</summary>
    AddUnit,

    /// <summary>Gives a unit a new name.</summary>
    RenameUnit,

    /// <summary>Moves a unit, with its counts and its subtree, under another parent of the level above.</summary>
    MoveUnit,

    /// <summary>Retires a unit that has no children and no workers left; its history stays in the log.</summary>
    RetireUnit,

    /// <summary>Adds a worker (id = 工号, name, optional phone) to the grid <see cref="OrganisationOperation.ParentId"/>.</summary>
    AddWorker,

    /// <summary>Changes a worker's name and phone (a null phone removes it).</summary>
    UpdateWorker,

    /// <summary>Moves a worker to the grid <see cref="OrganisationOperation.ParentId"/>; the worker's history stays with the old grid.</summary>
    MoveWorker,

    /// <summary>Retires a worker: the history stays, the worker leaves the worker counts and can no longer report.</summary>
    RetireWorker,
}

/// <summary>
/// One operation of an organisation change. Which members it needs depends on <see cref="Kind"/>:
/// <c>Id</c> always (the unit's or the worker's); <c>Name</c> for AddUnit, RenameUnit, AddWorker, UpdateWorker;
/// <c>Level</c> for AddUnit; <c>ParentId</c> (the parent unit, or the worker's grid) for AddUnit, MoveUnit, AddWorker,
/// MoveWorker; <c>Phone</c> (手机号, optional, never shown on a wall) for AddWorker and UpdateWorker.
/// </summary>
[GenerateSerializer, Immutable, Alias("gridpulse.OrganisationOperation")]
public sealed record OrganisationOperation(
    [Id(0)] OrganisationOperationKind Kind,
    [Id(1)] string Id,
    [Id(2)] string? Name = null,
    [Id(3)] UnitLevel? Level = null,
    [Id(4)] string? ParentId = null,
    [Id(5)] string? Phone = null);

/// <summary>
/// A change of the organisation as the log keeps it: its idempotency <paramref name="Id"/>, the operations applied
/// together (all or none), who made it and when.
/// </summary>
[GenerateSerializer, Immutable, Alias("gridpulse.OrganisationChange")]
public sealed record OrganisationChange(
    [Id(0)] string Id,
    [Id(1)] IReadOnlyList<OrganisationOperation> Operations,
    [Id(2)] string By,
    [Id(3)] DateTimeOffset At);

/// <summary>Why an operation of a change was refused: its index in the change, the field and the reason (中文 / English).</summary>
[GenerateSerializer, Immutable, Alias("gridpulse.OrganisationProblem")]
public sealed record OrganisationProblem(
    [Id(0)] int Operation,
    [Id(1)] string Field,
    [Id(2)] string Message);

/// <summary>What became of a change.</summary>
public enum OrganisationChangeStatus
{
    /// <summary>Stored and applied; every page and wall sees it.</summary>
    Applied,

    /// <summary>The same change (same id, same operations) was applied before; nothing changed again.</summary>
    Duplicate,

    /// <summary>Another change was stored under this id; nothing changed.</summary>
    Conflict,

    /// <summary>An operation breaks a rule of the organisation (<see cref="OrganisationChangeResult.Problems"/>); nothing changed.</summary>
    Invalid,
}

/// <summary>The answer to a change: its status, the organisation's version after it, and the problems when invalid.</summary>
[GenerateSerializer, Immutable, Alias("gridpulse.OrganisationChangeResult")]
public sealed record OrganisationChangeResult(
    [Id(0)] OrganisationChangeStatus Status,
    [Id(1)] long Version,
    [Id(2)] IReadOnlyList<OrganisationProblem> Problems);
