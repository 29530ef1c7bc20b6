using Grains.Organisation;

namespace Dashboard.Web.Accounts;

/// <summary>
/// Onboarding in bulk (issue 13, section 2): new links for every worker of a unit's subtree, and for its displays when
/// asked, at once, so that a street office prints its workers' QR codes in minutes. A worker without an account gets
/// one (its id the worker's, as <c>POST /api/accounts</c> names it); each worker gets a new token and each display a
/// new display link, and what they held before is revoked: a reissue leaves one working link each, still revocable
/// one by one.
/// </summary>
public sealed class Onboarding(AccountStore store, OrganisationTree organisation, TimeProvider time)
{
    /// <summary>The label of the credentials it issues.</summary>
    public const string Label = "批量签发 onboarding";

    /// <summary>
    /// Issues the links of <paramref name="unitId"/>'s workers (and displays); <paramref name="address"/> makes a link's
    /// absolute address from its path. Null for an unknown unit.
    /// </summary>
    /// <exception cref="AccountException">409, before anything changes: a worker's account id is taken by another account.</exception>
    public async Task<OnboardingSheet?> IssueAsync(string unitId, bool displays, Func<string, string> address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (organisation.FindUnit(unitId) is not { } unit)
        {
            return null;
        }

        var accounts = await store.ListAsync();
        var workers = organisation.GridsUnder(unitId).SelectMany(grid => organisation.WorkersOf(grid.Id)).ToList();
        var accountsOf = accounts.Where(account => account.Role == Roles.Worker && account.WorkerId is not null).ToLookup(account => account.WorkerId!);
        var taken = accounts.ToDictionary(account => account.Id);
        if (workers.FirstOrDefault(worker => !accountsOf.Contains(worker.Id) && taken.ContainsKey(worker.Id)) is { } blocked)
        {
            throw new AccountException(StatusCodes.Status409Conflict, $"网格员 {blocked.Id} 没有网格员账号，而账号 {blocked.Id} 已被其他账号占用：请先处理该账号。");
        }

        var revoked = 0;
        var workerLinks = new List<WorkerLink>(workers.Count);
        foreach (var worker in workers)
        {
            var owned = accountsOf[worker.Id].ToList();
            var account = owned.FirstOrDefault()
                ?? await store.CreateAsync(new NewAccount(worker.Id, worker.Name, Roles.Worker, worker.GridId, worker.Id, null));
            var (credential, path, before) = await ReissueAsync(account.Id, CredentialKind.Token, CredentialLinks.ReportPrefix, owned);
            revoked += before;
            var line = organisation.LineOf(worker.GridId);
            var url = address(path);
            workerLinks.Add(new WorkerLink(
                worker.Id, worker.Name, worker.GridId, line[^1].Name, line.Count > 1 ? line[^2].Name : null, account.Id, credential, url, QrCodes.SvgDataUri(url)));
        }

        var displayLinks = new List<DisplayLink>();
        foreach (var display in displays ? accounts.Where(account => account.Role == Roles.Display && IsUnder(account.UnitId, unitId)) : [])
        {
            var (credential, path, before) = await ReissueAsync(display.Id, CredentialKind.DisplayLink, CredentialLinks.DisplayPrefix, [display]);
            revoked += before;
            var url = address(path);
            displayLinks.Add(new DisplayLink(
                display.Id, display.Name, display.UnitId!, organisation.FindUnit(display.UnitId!)!.Name, credential, url, QrCodes.SvgDataUri(url)));
        }

        return new OnboardingSheet(unit.Id, unit.Name, time.GetUtcNow(), workerLinks, displayLinks, revoked);
    }

    /// <summary>Issues a credential of <paramref name="kind"/>, then revokes those of that kind <paramref name="holders"/> had; answers how many.</summary>
    private async Task<(string Credential, string Path, int Revoked)> ReissueAsync(
        string accountId, CredentialKind kind, string prefix, IReadOnlyList<Account> holders)
    {
        var before = new List<CredentialInfo>();
        foreach (var holder in holders)
        {
            before.AddRange((await store.CredentialsOfAsync(holder.Id)).Where(credential => credential.Kind == kind && credential.RevokedAt is null));
        }

        var issued = await store.IssueAsync(accountId, kind, Label);
        foreach (var credential in before)
        {
            await store.RevokeAsync(credential.Id);
        }

        return (issued.Credential.Id, prefix + issued.Secret, before.Count);
    }

    private bool IsUnder(string? unitId, string ancestorId) =>
        unitId is not null && organisation.LineOf(unitId).Any(unit => unit.Id == ancestorId);
}

/// <summary>What <c>POST /api/units/{id}/links</c> answers: every link just issued, each shown this once.</summary>
/// <param name="UnitId">The unit.</param>
/// <param name="UnitName">Its name.</param>
/// <param name="IssuedAt">When the links were issued.</param>
/// <param name="Workers">A link per worker of the subtree, depth first (by community and grid).</param>
/// <param name="Displays">A link per display account of the subtree; empty unless asked for.</param>
/// <param name="Revoked">How many links held before were revoked.</param>
public sealed record OnboardingSheet(
    string UnitId, string UnitName, DateTimeOffset IssuedAt, IReadOnlyList<WorkerLink> Workers, IReadOnlyList<DisplayLink> Displays, int Revoked);

/// <summary>A worker's new reporting link.</summary>
/// <param name="WorkerId">The worker's id (工号).</param>
/// <param name="Name">The worker's name.</param>
/// <param name="GridId">Their grid.</param>
/// <param name="GridName">Its name.</param>
/// <param name="CommunityName">The grid's community; null for a grid at the top of the tree.</param>
/// <param name="AccountId">The worker's account, created when there was none.</param>
/// <param name="CredentialId">The new token's credential id, to revoke it one by one.</param>
/// <param name="Url">The phone's address: <c>.../report#token=gpt_...</c>.</param>
/// <param name="QrCode">The address as a QR code: an SVG image as a <c>data:</c> URI, for an <c>img</c>.</param>
public sealed record WorkerLink(
    string WorkerId, string Name, string GridId, string GridName, string? CommunityName, string AccountId, string CredentialId, string Url, string QrCode);

/// <summary>A display's new display link.</summary>
/// <param name="AccountId">The display account.</param>
/// <param name="Name">Its name.</param>
/// <param name="UnitId">The unit it shows.</param>
/// <param name="UnitName">That unit's name.</param>
/// <param name="CredentialId">The new link's credential id.</param>
/// <param name="Url">The wall's address: <c>.../display/gpd_...</c>.</param>
/// <param name="QrCode">The address as a QR code: an SVG image as a <c>data:</c> URI.</param>
public sealed record DisplayLink(string AccountId, string Name, string UnitId, string UnitName, string CredentialId, string Url, string QrCode);
