using Dashboard.Web.Simulation;
using Grains.Interfaces;

namespace Dashboard.Web.Tests.Simulation;

/// <summary>The simulator writes as its workers and command centres, within their scopes (issue 5).</summary>
public sealed class SimulatedActorsTests(SimulatedDay day) : IClassFixture<SimulatedDay>
{
    private const string Grid = "huangdao-c01-g1";
    private const string Worker = "w00001";
    private const string OtherStreetGrid = "changjianglu-c01-g1";

    private static readonly DateTimeOffset Now = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_write_of_a_simulated_day_is_within_its_actors_scope()
    {
        var actors = new SimulatedActors(day.Organisation);

        Assert.All(day.Writes, write => Assert.True(actors.MayWrite(write.Write), $"out of scope: {write.Write}"));
    }

    [Fact]
    public void A_worker_writes_reports_and_cases_for_their_own_grid_and_not_for_another()
    {
        var actors = new SimulatedActors(day.Organisation);
        var neighbourGrid = day.Organisation.ChildrenOf("huangdao-c01").First(grid => grid.Id != Grid).Id;

        Assert.True(actors.MayWrite(Visit(Grid, Worker)));
        Assert.True(actors.MayWrite(new SimulatedCase(Case(Grid, Worker))));
        Assert.False(actors.MayWrite(Visit(neighbourGrid, Worker)));
        Assert.False(actors.MayWrite(new SimulatedCase(Case(OtherStreetGrid, Worker))));
    }

    [Fact]
    public void A_write_of_a_worker_the_organisation_does_not_know_is_refused()
    {
        var actors = new SimulatedActors(day.Organisation);

        Assert.False(actors.MayWrite(Visit(Grid, "nobody")));
        Assert.False(actors.MayWrite(new SimulatedStatus(new WorkerStatusReport("nobody", WorkerDutyStatus.OnDuty, Now))));
        Assert.True(actors.MayWrite(new SimulatedStatus(new WorkerStatusReport(Worker, WorkerDutyStatus.OnDuty, Now))));
    }

    [Fact]
    public void A_street_command_centre_acts_on_the_cases_of_its_own_grids_only()
    {
        var actors = new SimulatedActors(day.Organisation);
        var action = new CaseAction("a-1", "case-1", CaseActionKind.Dispatch, "黄岛街道综治中心", Now, Note: null, Deadline: null, Handler: "城管执法中队");

        Assert.Equal("huangdao", actors.CommandCentreOf(Grid));
        Assert.True(actors.MayWrite(new SimulatedCaseAction(action, Grid, "huangdao")));
        Assert.False(actors.MayWrite(new SimulatedCaseAction(action, OtherStreetGrid, "huangdao")));
        Assert.False(actors.MayWrite(new SimulatedCaseAction(action, Grid, "huangdao-c01")));
    }

    private static SimulatedReport Visit(string gridId, string workerId) =>
        new(new ActivityReport("v-1", gridId, workerId, ActivityKind.Visit, Now, Households: 1, Participants: 0, Category: null, Note: null));

    private static NewCase Case(string gridId, string workerId) =>
        new("c-1", gridId, workerId, "环境卫生", "垃圾堆放", Description: null, Now, Now.AddDays(1));
}
