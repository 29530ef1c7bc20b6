namespace Dashboard.Web.Tests.Authorization;

/// <summary>Every endpoint and hub method that reads or writes a unit's data (spec 3, 4).</summary>
public enum Endpoint
{
    /// <summary><c>GET /api/units</c>: the grid is listed or not.</summary>
    UnitList,

    /// <summary><c>GET /api/units/{id}</c>.</summary>
    Unit,

    /// <summary><c>GET /api/units/{id}/metrics</c>.</summary>
    Metrics,

    /// <summary><c>GET /api/units/{id}/replay</c> of yesterday.</summary>
    Replay,

    /// <summary><c>GET /api/units/{id}/workers</c>.</summary>
    Workers,

    /// <summary><c>GET /api/units/{id}/activity</c>.</summary>
    Activity,

    /// <summary><c>GET /api/cases/{id}</c> of a case in the grid.</summary>
    Case,

    /// <summary><c>GET /api/cases?unit={id}</c>.</summary>
    CaseList,

    /// <summary><c>GET /api/cases?unit={id}</c> as the cases desk and the phone's 我的事件 ask: open states, urgency order, a text.</summary>
    CaseQueue,

    /// <summary><c>GET /api/units/{id}/evaluation</c> (月度考评).</summary>
    Evaluation,

    /// <summary><c>GET /api/units/{id}/report</c> (日通报, 周分析, 月总结).</summary>
    Bulletin,

    /// <summary><c>POST /api/reports</c>.</summary>
    Report,

    /// <summary><c>POST /api/reports/batch</c>.</summary>
    ReportBatch,

    /// <summary><c>POST /api/cases</c>.</summary>
    NewCase,

    /// <summary><c>POST /api/cases/{id}/actions</c> on a case in the grid.</summary>
    CaseAction,

    /// <summary><c>POST /api/cases/{id}/actions</c> with <c>urge</c> (督办) on a case in the grid: leaders and administrators only.</summary>
    CaseUrge,

    /// <summary><c>POST /api/workers/{id}/status</c> of the grid's worker.</summary>
    WorkerStatus,

    /// <summary>The hub's <c>Subscribe(unitId)</c>.</summary>
    Subscribe,
}

/// <summary>What a cell expects.</summary>
public enum Outcome
{
    /// <summary>Served: 200, or 202 for a write.</summary>
    Allowed,

    /// <summary>403 (a hub error; for the unit list, the grid left out), nothing stored and nothing pushed.</summary>
    Forbidden,

    /// <summary>401, nothing stored and nothing pushed.</summary>
    Unauthenticated,
}

/// <summary>The rules of spec 1 and 9 as a table: who is served in their own scope; outside it only an administrator is.</summary>
public static class AccessRules
{
    private static readonly Caller[] Everyone = [Caller.Admin, Caller.StreetLeader, Caller.CommunityLeader, Caller.Display, Caller.Worker];
    private static readonly Caller[] PeopleReaders = [Caller.Admin, Caller.StreetLeader, Caller.CommunityLeader, Caller.Worker];
    private static readonly Caller[] Reporters = [Caller.Admin, Caller.Worker];
    private static readonly Caller[] Leaders = [Caller.Admin, Caller.StreetLeader, Caller.CommunityLeader];

    private static readonly Dictionary<Endpoint, Caller[]> ServedInScope = new()
    {
        [Endpoint.UnitList] = Everyone,
        [Endpoint.Unit] = Everyone,
        [Endpoint.Metrics] = Everyone,
        [Endpoint.Replay] = Everyone,
        [Endpoint.Activity] = Everyone,
        [Endpoint.Subscribe] = Everyone,
        [Endpoint.Workers] = PeopleReaders,
        [Endpoint.Case] = PeopleReaders,
        [Endpoint.CaseList] = PeopleReaders,
        [Endpoint.CaseQueue] = PeopleReaders,
        [Endpoint.Evaluation] = PeopleReaders,
        [Endpoint.Bulletin] = PeopleReaders,
        [Endpoint.CaseAction] = PeopleReaders,
        [Endpoint.CaseUrge] = Leaders,
        [Endpoint.Report] = Reporters,
        [Endpoint.ReportBatch] = Reporters,
        [Endpoint.NewCase] = Reporters,
        [Endpoint.WorkerStatus] = Reporters,
    };

    /// <summary>The outcome of a cell.</summary>
    public static Outcome Of(Caller caller, Endpoint endpoint, Scope scope) =>
        caller == Caller.Anonymous ? Outcome.Unauthenticated
        : caller == Caller.Admin || (scope == Scope.In && ServedInScope[endpoint].Contains(caller)) ? Outcome.Allowed
        : Outcome.Forbidden;

    /// <summary>Every cell: caller x endpoint x scope, with its outcome.</summary>
    public static TheoryData<Caller, Endpoint, Scope, Outcome> Cells()
    {
        var cells = new TheoryData<Caller, Endpoint, Scope, Outcome>();
        foreach (var caller in Enum.GetValues<Caller>())
        {
            foreach (var endpoint in Enum.GetValues<Endpoint>())
            {
                foreach (var scope in Enum.GetValues<Scope>())
                {
                    cells.Add(caller, endpoint, scope, Of(caller, endpoint, scope));
                }
            }
        }

        return cells;
    }
}
