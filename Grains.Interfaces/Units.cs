using Orleans;

namespace Grains.Interfaces;

/// <summary>The four levels of the organisation tree (spec 2.1).</summary>
public enum UnitLevel
{
    /// <summary>区/新区, the root.</summary>
    District,

    /// <summary>街道/镇.</summary>
    Street,

    /// <summary>社区/村.</summary>
    Community,

    /// <summary>网格, the leaf a grid worker looks after.</summary>
    Grid,
}

/// <summary>A unit of the organisation: its stable id, Chinese display name, level and parent (null for the root).</summary>
[GenerateSerializer, Immutable, Alias("gridpulse.Unit")]
public sealed record Unit([Id(0)] string Id, [Id(1)] string Name, [Id(2)] UnitLevel Level, [Id(3)] string? ParentId);

/// <summary>A grid worker (网格员): belongs to one grid.</summary>
[GenerateSerializer, Immutable, Alias("gridpulse.Worker")]
public sealed record Worker([Id(0)] string Id, [Id(1)] string Name, [Id(2)] string GridId);
