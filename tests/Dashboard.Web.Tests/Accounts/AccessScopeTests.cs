using System.Security.Claims;
using Dashboard.Web.Accounts;
using Dashboard.Web.Tests.Infrastructure;
using Grains.Organisation;

namespace Dashboard.Web.Tests.Accounts;

/// <summary>
/// What each role may read and write on the test organisation: district t-d; street t-s1 (t-c1: t-g1 [t-w1],
/// t-g2 [t-w2, t-w3]; t-c2: t-g3 [t-w4]); street t-s2 (t-c3: t-g4 [t-w5]).
/// </summary>
public sealed class AccessScopeTests : IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly OrganisationTree _organisation;

    public AccessScopeTests() => _organisation = OrganisationTree.Load(_directory.OrganisationFile);

    [Fact]
    public void An_administrator_may_do_everything()
    {
        var scope = ScopeOf(new Account("admin", "管理员", Roles.Admin, null, null, default, false));

        Assert.True(scope.IsAdmin);
        Assert.All(TestOrganisation.UnitIds, unit => Assert.True(scope.CanRead(unit) && scope.CanSeePeople(unit) && scope.CanActOnCase(unit)));
        Assert.True(scope.CanReport("t-g4", "t-w5"));
        Assert.True(scope.CanSetStatus("t-w5"));
        Assert.Equal(TestOrganisation.UnitIds, scope.VisibleUnits().Select(unit => unit.Id));
    }

    [Fact]
    public void A_leader_reads_and_acts_within_their_subtree_and_writes_no_reports()
    {
        var scope = ScopeOf(new Account("boss", "书记", Roles.Leader, "t-s1", null, default, false));

        Assert.Equal(["t-s1", "t-c1", "t-g1", "t-g2", "t-c2", "t-g3"], scope.VisibleUnits().Select(unit => unit.Id));
        Assert.False(scope.CanRead("t-d"));
        Assert.False(scope.CanRead("t-g4"));
        Assert.True(scope.CanSeePeople("t-c2"));
        Assert.False(scope.CanSeePeople("t-s2"));
        Assert.True(scope.CanActOnCase("t-g3"));
        Assert.False(scope.CanActOnCase("t-g4"));
        Assert.False(scope.CanReport("t-g1", "t-w1"));
        Assert.False(scope.CanSetStatus("t-w1"));
        Assert.False(scope.IsAdmin);
    }

    [Fact]
    public void A_display_reads_numbers_within_its_subtree_but_never_people()
    {
        var scope = ScopeOf(new Account("wall", "大屏", Roles.Display, "t-c1", null, default, false));

        Assert.Equal(["t-c1", "t-g1", "t-g2"], scope.VisibleUnits().Select(unit => unit.Id));
        Assert.False(scope.CanSeePeople("t-c1"));
        Assert.False(scope.CanSeePeople("t-g1"));
        Assert.False(scope.CanActOnCase("t-g1"));
        Assert.False(scope.CanReport("t-g1", "t-w1"));
        Assert.False(scope.CanSetStatus("t-w1"));
    }

    [Theory]
    [InlineData(Roles.Admin, null, "t-d", true)]
    [InlineData(Roles.Admin, null, "t-g4", true)]
    [InlineData(Roles.Leader, "t-s1", "t-s1", true)]
    [InlineData(Roles.Leader, "t-s1", "t-g3", true)]
    [InlineData(Roles.Leader, "t-s1", "t-d", false)]
    [InlineData(Roles.Leader, "t-s1", "t-c3", false)]
    [InlineData(Roles.Display, "t-s1", "t-c1", false)]
    [InlineData(Roles.Worker, "t-g1", "t-g1", false)]
    public void Walls_are_commanded_by_administrators_anywhere_and_leaders_within_their_subtree(string role, string? unitId, string target, bool allowed)
    {
        var scope = ScopeOf(new Account("someone", "某人", role, unitId, role == Roles.Worker ? "t-w1" : null, default, false));

        Assert.Equal(allowed, scope.CanCommandWalls(target));
    }

    [Fact]
    public void A_worker_reads_and_writes_for_their_own_grid_and_themselves_only()
    {
        var scope = ScopeOf(new Account("t-w2", "李四", Roles.Worker, "t-g2", "t-w2", default, false));

        Assert.Equal(["t-g2"], scope.VisibleUnits().Select(unit => unit.Id));
        Assert.False(scope.CanRead("t-c1"));
        Assert.True(scope.CanSeePeople("t-g2"));
        Assert.False(scope.CanSeePeople("t-g1"));
        Assert.True(scope.CanReport("t-g2", "t-w2"));
        Assert.False(scope.CanReport("t-g2", "t-w3"));
        Assert.False(scope.CanReport("t-g1", "t-w2"));
        Assert.True(scope.CanActOnCase("t-g2"));
        Assert.False(scope.CanActOnCase("t-g1"));
        Assert.True(scope.CanSetStatus("t-w2"));
        Assert.False(scope.CanSetStatus("t-w3"));
    }

    [Fact]
    public void An_anonymous_principal_may_do_nothing()
    {
        var scope = AccessScope.Of(new ClaimsPrincipal(new ClaimsIdentity()), _organisation);

        Assert.Empty(scope.VisibleUnits());
        Assert.False(scope.CanReport("t-g1", "t-w1"));
        Assert.Null(scope.AccountId);
    }

    public void Dispose() => _directory.Dispose();

    private AccessScope ScopeOf(Account account) => AccessScope.Of(AccountPrincipal.Create(account, "c1", "Test"), _organisation);
}
