using Dashboard.Web.Accounts;
using Dashboard.Web.Tests.Infrastructure;
using Grains.Organisation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Web.Tests.Accounts;

/// <summary>
/// The behaviour of the account store on every <see cref="IAccountDatabase"/>: hashes only, revocation, expiry,
/// one-time links, reopening. Each engine derives from this class and says how to open a database on this test's
/// store and how to read what it stored.
/// </summary>
public abstract class AccountStoreContractTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly List<IAccountDatabase> _databases = [];

    /// <summary>A directory with the test organisation file (and a data directory for SQLite).</summary>
    protected TestDirectory Directory { get; } = new();

    /// <summary>Where the stores of this test announce revocations.</summary>
    protected CredentialRevocations Revocations { get; } = new();

    [Fact]
    public async Task A_secret_is_stored_only_as_its_hash()
    {
        // Arrange
        var store = Open();
        await store.CreateAsync(Worker());

        // Act
        var issued = await store.IssueAsync("t-w1", CredentialKind.Token, "张三的手机");

        // Assert
        var stored = await StoredTextAsync();
        Assert.Contains(CredentialSecrets.Hash(issued.Secret), stored, StringComparison.Ordinal);
        Assert.DoesNotContain(issued.Secret, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(issued.Secret["gpt_".Length..], stored, StringComparison.Ordinal);
        Assert.StartsWith("gpt_", issued.Secret, StringComparison.Ordinal);
        Assert.Equal(4 + 43, issued.Secret.Length);
    }

    [Fact]
    public async Task A_token_authenticates_its_account_until_it_is_revoked_and_the_revocation_is_announced()
    {
        // Arrange
        var store = Open();
        await store.CreateAsync(Worker());
        var issued = await store.IssueAsync("t-w1", CredentialKind.Token);
        var announced = new List<string>();
        Revocations.Revoked += (_, credentialId) => announced.Add(credentialId);
        var before = await store.AuthenticateAsync(issued.Secret);

        // Act
        var revoked = await store.RevokeAsync(issued.Credential.Id);

        // Assert
        Assert.Equal("t-w1", before?.Account.Id);
        Assert.Equal("t-g1", before?.Account.UnitId);
        Assert.True(revoked);
        Assert.Null(await store.AuthenticateAsync(issued.Secret));
        Assert.False(await store.IsActiveAsync(issued.Credential.Id));
        Assert.Equal([issued.Credential.Id], announced);
        Assert.NotNull((await store.CredentialsOfAsync("t-w1")).Single().RevokedAt);
    }

    [Fact]
    public async Task A_credential_stops_authenticating_when_it_expires()
    {
        // Arrange
        var store = Open();
        await store.CreateAsync(Worker());
        var issued = await store.IssueAsync("t-w1", CredentialKind.Token, lifetime: TimeSpan.FromHours(1));

        // Act
        _time.Advance(TimeSpan.FromMinutes(59));
        var justBefore = await store.AuthenticateAsync(issued.Secret);
        _time.Advance(TimeSpan.FromMinutes(1));

        // Assert
        Assert.NotNull(justBefore);
        Assert.Null(await store.AuthenticateAsync(issued.Secret));
        Assert.False(await store.IsActiveAsync(issued.Credential.Id));
    }

    [Fact]
    public async Task A_sign_in_link_is_taken_once_and_never_authenticates_as_a_token()
    {
        // Arrange
        var store = Open();
        await store.CreateAsync(new NewAccount("boss", "街道书记", Roles.Leader, "t-s1", null, null));
        var link = await store.IssueAsync("boss", CredentialKind.SignInLink, lifetime: TimeSpan.FromHours(24));

        // Act
        var asToken = await store.AuthenticateAsync(link.Secret);
        var first = await store.ConsumeSignInLinkAsync(link.Secret);
        var second = await store.ConsumeSignInLinkAsync(link.Secret);

        // Assert
        Assert.Null(asToken);
        Assert.Equal("boss", first?.Id);
        Assert.Null(second);
        Assert.StartsWith("gpl_", link.Secret, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accounts_credentials_and_revocations_survive_a_reopen()
    {
        // Arrange
        var store = Open();
        await store.CreateAsync(Worker() with { Password = "秘密口令12345" });
        var kept = await store.IssueAsync("t-w1", CredentialKind.Token);
        var revoked = await store.IssueAsync("t-w1", CredentialKind.Token);
        await store.RevokeAsync(revoked.Credential.Id);
        CloseAll();

        // Act
        var reopened = Open();

        // Assert
        Assert.Equal("t-w1", (await reopened.AuthenticateAsync(kept.Secret))?.Account.Id);
        Assert.Null(await reopened.AuthenticateAsync(revoked.Secret));
        Assert.True(await reopened.CheckPasswordAsync("t-w1", "秘密口令12345"));
        Assert.True((await reopened.FindAsync("t-w1"))?.HasPassword);
    }

    [Fact]
    public async Task A_password_is_checked_against_its_hash_and_never_stored_in_clear()
    {
        // Arrange
        var store = Open();
        await store.CreateAsync(new NewAccount("boss", "街道书记", Roles.Leader, "t-s1", null, null));

        // Act
        await store.SetPasswordAsync("boss", "correct horse battery");

        // Assert
        Assert.True(await store.CheckPasswordAsync("boss", "correct horse battery"));
        Assert.False(await store.CheckPasswordAsync("boss", "correct horse"));
        Assert.False(await store.CheckPasswordAsync("nobody", "correct horse battery"));
        Assert.DoesNotContain("correct horse battery", await StoredTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_account_is_refused_with_409()
    {
        var store = Open();
        await store.CreateAsync(Worker());

        var refusal = await Assert.ThrowsAsync<AccountException>(() => store.CreateAsync(Worker()));

        Assert.Equal(409, refusal.Status);
        Assert.Contains("已存在", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x", "leader", "nowhere", null)]
    [InlineData("x", "leader", null, null)]
    [InlineData("x", "display", "t-s1", "t-w1")]
    [InlineData("x", "worker", "t-g2", "t-w1")]
    [InlineData("x", "worker", null, "nobody")]
    [InlineData("x", "admin", "t-d", null)]
    [InlineData("x", "chief", "t-d", null)]
    [InlineData("bad id", "leader", "t-d", null)]
    public async Task An_account_whose_unit_or_worker_does_not_fit_its_role_is_refused_with_400(string id, string role, string? unitId, string? workerId)
    {
        var store = Open();

        var refusal = await Assert.ThrowsAsync<AccountException>(() => store.CreateAsync(new NewAccount(id, "某人", role, unitId, workerId, null)));

        Assert.Equal(400, refusal.Status);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", refusal.Message);
        Assert.Empty(await store.ListAsync());
    }

    [Fact]
    public async Task A_worker_account_takes_its_grid_from_its_worker()
    {
        var store = Open();

        var account = await store.CreateAsync(new NewAccount("t-w2", "李四", Roles.Worker, null, "t-w2", null));

        Assert.Equal("t-g2", account.UnitId);
        Assert.Equal("t-w2", account.WorkerId);
    }

    [Fact]
    public async Task The_configured_admin_token_authenticates_as_the_administrator()
    {
        var store = Open(adminToken: "an-admin-token-of-some-length");

        var found = await store.AuthenticateAsync("an-admin-token-of-some-length");

        Assert.Equal(Roles.Admin, found?.Account.Role);
        Assert.Equal(AccountStore.AdminTokenCredentialId, found?.Credential.Id);
        Assert.True(await store.IsActiveAsync(AccountStore.AdminTokenCredentialId));
        Assert.Null(await store.AuthenticateAsync("an-admin-token-of-some-lengtH"));
    }

    [Fact]
    public async Task A_credential_issued_through_another_store_on_the_same_database_authenticates_at_once()
    {
        // Arrange: two stores on one database, as two web nodes; the second loaded before the credential existed.
        var first = Open();
        var second = Open();
        await first.CreateAsync(Worker() with { Password = "秘密口令12345" });

        // Act
        var issued = await first.IssueAsync("t-w1", CredentialKind.Token);

        // Assert
        Assert.Equal("t-w1", (await second.AuthenticateAsync(issued.Secret))?.Account.Id);
        Assert.True(await second.IsActiveAsync(issued.Credential.Id));
        Assert.True(await second.CheckPasswordAsync("t-w1", "秘密口令12345"));
    }

    [Fact]
    public async Task A_sign_in_link_taken_through_two_stores_at_the_same_moment_signs_in_once()
    {
        // Arrange: both stores hold every link, so only the database can tell the second taker.
        var first = Open();
        var second = Open();
        await first.CreateAsync(new NewAccount("boss", "街道书记", Roles.Leader, "t-s1", null, null));
        var links = new List<IssuedCredential>();
        for (var i = 0; i < 20; i++)
        {
            links.Add(await first.IssueAsync("boss", CredentialKind.SignInLink, lifetime: TimeSpan.FromHours(24)));
        }

        foreach (var link in links)
        {
            Assert.True(await second.IsActiveAsync(link.Credential.Id));
        }

        // Act: one link at a time, each taken through both stores at once (the tests' server has few connections to spare).
        var taken = new List<int>();
        foreach (var link in links)
        {
            var both = await Task.WhenAll(Task.Run(() => first.ConsumeSignInLinkAsync(link.Secret)), Task.Run(() => second.ConsumeSignInLinkAsync(link.Secret)));
            taken.Add(both.Count(account => account is not null));
        }

        // Assert
        Assert.All(taken, count => Assert.Equal(1, count));
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes the databases and deletes the directory.</summary>
    protected virtual void Dispose(bool disposing)
    {
        CloseAll();
        Directory.Dispose();
    }

    /// <summary>Opens a database on this test's store (the same store every time).</summary>
    protected abstract IAccountDatabase OpenDatabase();

    /// <summary>Everything the store holds, as text: what a thief of the store would read.</summary>
    protected abstract Task<string> StoredTextAsync();

    protected static NewAccount Worker() => new("t-w1", "张三", Roles.Worker, null, "t-w1", null);

    /// <summary>A store on a new database on this test's store, as a web node opens it; it announces to <see cref="Revocations"/> unless told otherwise.</summary>
    protected AccountStore Open(string? adminToken = null, CredentialRevocations? revocations = null) => Open(OpenDatabase, adminToken, revocations);

    /// <summary>A store on the database that <paramref name="openDatabase"/> opens.</summary>
    protected AccountStore Open(Func<IAccountDatabase> openDatabase, string? adminToken = null, CredentialRevocations? revocations = null)
    {
        ArgumentNullException.ThrowIfNull(openDatabase);
        var database = openDatabase();
        _databases.Add(database);
        return new AccountStore(
            database,
            Options.Create(new AccountOptions { AdminToken = adminToken }),
            OrganisationTree.Load(Directory.OrganisationFile),
            revocations ?? Revocations,
            _time,
            NullLogger<AccountStore>.Instance);
    }

    /// <summary>The database a store opened by <see cref="Open"/> last stands on.</summary>
    protected IAccountDatabase LastDatabase => _databases[^1];

    private void CloseAll()
    {
        foreach (var database in _databases)
        {
            database.Dispose();
        }

        _databases.Clear();
    }
}
