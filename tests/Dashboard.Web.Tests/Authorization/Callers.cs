namespace Dashboard.Web.Tests.Authorization;

/// <summary>Who calls, in the demo organisation: the roles of spec 1 with their scopes, and nobody.</summary>
public enum Caller
{
    /// <summary>The administrator (the app's admin token).</summary>
    Admin,

    /// <summary>A leader of 黄岛街道 (huangdao).</summary>
    StreetLeader,

    /// <summary>A leader of 黄岛街道第二社区 (huangdao-c02).</summary>
    CommunityLeader,

    /// <summary>The wall display of 黄岛街道 (huangdao).</summary>
    Display,

    /// <summary>Grid worker w00001 of huangdao-c01-g1.</summary>
    Worker,

    /// <summary>No credentials at all.</summary>
    Anonymous,
}

/// <summary>Whether a cell's grid lies in the caller's scope.</summary>
public enum Scope
{
    /// <summary>A grid in the caller's scope (for an administrator, one like any other).</summary>
    In,

    /// <summary>A grid outside it, as close as it gets: a neighbouring grid, a sibling community, another street.</summary>
    Out,
}

/// <summary>A grid and one of its workers.</summary>
public sealed record Place(string GridId, string WorkerId)
{
    /// <summary>Worker w00001's own grid, in 黄岛街道第一社区.</summary>
    public static readonly Place OwnGrid = new("huangdao-c01-g1", "w00001");

    /// <summary>The next grid of the same community.</summary>
    public static readonly Place NeighbourGrid = new("huangdao-c01-g2", "w00002");

    /// <summary>A grid of 黄岛街道第二社区.</summary>
    public static readonly Place SecondCommunityGrid = new("huangdao-c02-g1", "w00009");

    /// <summary>A grid of another street, 长江路街道.</summary>
    public static readonly Place OtherStreetGrid = new("changjianglu-c01-g1", "w00167");

    /// <summary>Every place the matrix writes to or reads from.</summary>
    public static readonly IReadOnlyList<Place> All = [OwnGrid, NeighbourGrid, SecondCommunityGrid, OtherStreetGrid];

    /// <summary>The grid of a cell: the caller's own (or one in their unit) in scope; the nearest one outside it out of scope.</summary>
    public static Place Of(Caller caller, Scope scope) => (caller, scope) switch
    {
        (Caller.CommunityLeader, Scope.In) => SecondCommunityGrid,
        (Caller.CommunityLeader, Scope.Out) => OwnGrid,
        (Caller.Worker, Scope.Out) => NeighbourGrid,
        (_, Scope.In) => OwnGrid,
        _ => OtherStreetGrid,
    };
}
