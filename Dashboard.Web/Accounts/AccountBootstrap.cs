using Dashboard.Web.Hosting;
using Grains.Organisation;

namespace Dashboard.Web.Accounts;

/// <summary>
/// First run: with no accounts, creates the administrator and a one-time sign-in link; with <c>--demo</c>, also the
/// demo leader, worker and display, once. Their secrets exist only now, so they go to <see cref="SignInNotices"/>
/// to be printed with the address; later starts print how to get new ones.
/// </summary>
internal sealed class AccountBootstrap(AccountStore store, OrganisationTree organisation, IConfiguration configuration, SignInNotices notices) : IHostedService
{
    private const string DemoLeader = "leader-huangdao";
    private const string DemoLeaderUnit = "huangdao";
    private const string DemoWorker = "w00001";
    private const string DemoDisplay = "display-xihaian";
    private const string DemoDisplayUnit = "xihaian";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var created = false;
        if ((await store.ListAsync()).Count == 0
            && await TryCreateAsync(new NewAccount(AccountStore.AdminAccountId, "管理员", Roles.Admin, null, null, null)))
        {
            await AddSignInLinkAsync(AccountStore.AdminAccountId, "管理员一次性登录链接（24 小时内有效，仅可使用一次）", "Administrator's one-time sign-in link (24 hours, single use)");
            created = true;
        }

        if (configuration.GetValue<bool>(OrganisationOptions.DemoKey))
        {
            created |= await CreateDemoAccountsAsync();
        }

        if (!created)
        {
            notices.Add("账号、令牌、大屏链接与登录链接在管理页面签发", "Issue accounts, tokens, display links and sign-in links on the admin page", "/admin");
            notices.Add(
                $"无法登录管理页面时：设置 {AccountOptions.AdminTokenVariable} 后，以该令牌调用 POST /api/accounts/admin/sign-in-links 获取新的登录链接",
                $"Locked out: set {AccountOptions.AdminTokenVariable} and call POST /api/accounts/admin/sign-in-links with it as the bearer token for a new sign-in link");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Creates a first-run account; false when it exists already: web nodes of a cluster starting together on one
    /// store each see none, and the one that comes second leaves it to the first (and prints no link for it).
    /// </summary>
    private async Task<bool> TryCreateAsync(NewAccount account)
    {
        try
        {
            await store.CreateAsync(account);
            return true;
        }
        catch (AccountException exception) when (exception.Status == StatusCodes.Status409Conflict)
        {
            return false;
        }
    }

    private async Task<bool> CreateDemoAccountsAsync()
    {
        var created = false;
        if (await store.FindAsync(DemoLeader) is null && organisation.FindUnit(DemoLeaderUnit) is { } street
            && await TryCreateAsync(new NewAccount(DemoLeader, $"{street.Name}负责人", Roles.Leader, street.Id, null, null)))
        {
            await AddSignInLinkAsync(DemoLeader, $"演示领导（{street.Name}）一次性登录链接", $"Demo leader ({street.Id}) one-time sign-in link");
            created = true;
        }

        if (await store.FindAsync(DemoWorker) is null && organisation.FindWorker(DemoWorker) is { } worker
            && await TryCreateAsync(new NewAccount(worker.Id, worker.Name, Roles.Worker, worker.GridId, worker.Id, null)))
        {
            var token = await store.IssueAsync(worker.Id, CredentialKind.Token, "演示 demo");
            notices.Add($"演示网格员（{worker.Name}）手机上报页", $"Demo grid worker ({worker.Id}) reporting page", CredentialLinks.ReportPrefix + token.Secret);
            created = true;
        }

        if (await store.FindAsync(DemoDisplay) is null && organisation.FindUnit(DemoDisplayUnit) is { } district
            && await TryCreateAsync(new NewAccount(DemoDisplay, $"{district.Name}指挥中心大屏", Roles.Display, district.Id, null, null)))
        {
            var link = await store.IssueAsync(DemoDisplay, CredentialKind.DisplayLink, "演示 demo");
            notices.Add($"演示大屏（{district.Name}）链接", $"Demo wall display ({district.Id}) link", CredentialLinks.DisplayPrefix + link.Secret);
            created = true;
        }

        return created;
    }

    private async Task AddSignInLinkAsync(string accountId, string chinese, string english)
    {
        var link = await store.IssueAsync(accountId, CredentialKind.SignInLink, lifetime: SignInEndpoints.SignInLinkLifetime);
        notices.Add(chinese, english, $"{SignInEndpoints.SignInPath}/link/{link.Secret}");
    }
}
