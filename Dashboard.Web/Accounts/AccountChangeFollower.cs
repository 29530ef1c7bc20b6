namespace Dashboard.Web.Accounts;

/// <summary>
/// Brings what other web nodes change in the shared accounts database into this node's <see cref="AccountStore"/>
/// (<see cref="IAccountDatabase.FollowChangesAsync"/>); nothing to do on SQLite, which one process owns.
/// </summary>
internal sealed class AccountChangeFollower(IAccountDatabase database, AccountStore store) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => database.FollowChangesAsync(store.ApplyAsync, stoppingToken);
}
