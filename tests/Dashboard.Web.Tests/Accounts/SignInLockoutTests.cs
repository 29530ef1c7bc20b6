using System.Net;
using System.Text.Json;
using Dashboard.Web.Accounts;
using Dashboard.Web.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Web.Tests.Accounts;

/// <summary>Password guessing at /signin: accounts locked after a few failures, addresses slowed across accounts, an administrator's unlock.</summary>
public sealed class SignInLockoutTests : IDisposable
{
    private const string Password = "correct horse battery";
    private const string Address = "192.0.2.7";

    private readonly TestDirectory _directory = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<SignInLockout> _log = new();

    [Fact]
    public void An_account_locks_at_its_fifth_failure_within_the_window_and_unlocks_after_the_lock()
    {
        var lockout = new SignInLockout(_clock, _log);

        for (var i = 1; i < SignInLockout.AccountFailures; i++)
        {
            lockout.Failed("boss", Address);
            Assert.Null(lockout.LockedFor("boss", Address));
        }

        lockout.Failed("boss", Address);
        Assert.Equal(SignInLockout.LockFor, lockout.LockedFor("boss", "198.51.100.1"));
        _clock.Advance(SignInLockout.LockFor);
        Assert.Null(lockout.LockedFor("boss", Address));
    }

    [Fact]
    public void Failures_older_than_the_window_do_not_count_and_a_right_password_forgets_them()
    {
        var lockout = new SignInLockout(_clock, _log);
        for (var i = 1; i < SignInLockout.AccountFailures; i++)
        {
            lockout.Failed("boss", Address);
        }

        _clock.Advance(SignInLockout.Window);
        lockout.Failed("boss", Address);
        Assert.Null(lockout.LockedFor("boss", Address));

        lockout.Succeeded("boss");
        for (var i = 1; i < SignInLockout.AccountFailures; i++)
        {
            lockout.Failed("boss", Address);
        }

        Assert.Null(lockout.LockedFor("boss", Address));
    }

    [Fact]
    public void An_address_that_fails_across_accounts_is_refused_for_every_account()
    {
        var lockout = new SignInLockout(_clock, _log);

        for (var i = 0; i < SignInLockout.AddressFailures; i++)
        {
            lockout.Failed($"guess-{i}", Address);
        }

        Assert.Equal(SignInLockout.LockFor, lockout.LockedFor("someone-else", Address));
        Assert.Null(lockout.LockedFor("someone-else", "198.51.100.1"));
    }

    [Fact]
    public void Failures_and_locks_are_logged_with_account_and_address_never_a_password()
    {
        var lockout = new SignInLockout(_clock, _log);

        for (var i = 0; i < SignInLockout.AccountFailures; i++)
        {
            lockout.Failed("boss", Address);
        }

        lockout.Unlock("boss", "admin");

        var records = _log.Collector.GetSnapshot();
        Assert.Equal(SignInLockout.AccountFailures, records.Count(r => r.Level == LogLevel.Information && r.Message.Contains("Sign-in failed for account boss from " + Address, StringComparison.Ordinal)));
        Assert.Single(records, r => r.Level == LogLevel.Warning && r.Message.Contains("Account boss locked", StringComparison.Ordinal));
        Assert.Single(records, r => r.Message.Contains("Account boss unlocked by admin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_against_the_right_one_until_an_administrator_unlocks_it()
    {
        // Arrange
        await using var app = _directory.StartApp();
        await app.Accounts.CreateAsync(new NewAccount("boss", "街道书记", Roles.Leader, "t-s1", null, Password));
        using var browser = app.CreateAnonymousClient();
        var antiforgery = await browser.GetJsonAsync("/api/antiforgery");
        for (var i = 1; i < SignInLockout.AccountFailures; i++)
        {
            using var wrong = await SignInAsync(browser, antiforgery, $"guess {i}");
            await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        // Act
        using var fifth = await SignInAsync(browser, antiforgery, "guess 5");
        using var right = await SignInAsync(browser, antiforgery, Password);
        using var unlock = await app.CreateClient().DeleteAsync("/api/accounts/boss/lockout");
        using var afterUnlock = await SignInAsync(browser, antiforgery, Password);

        // Assert: locked, said so with how long, and not even the right password signs in until the unlock.
        var locked = await fifth.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("锁定", locked.Detail(), StringComparison.Ordinal);
        Assert.Equal(SignInLockout.LockFor, fifth.Headers.RetryAfter?.Delta);
        await right.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.False(right.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.NoContent, unlock.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterUnlock.StatusCode);
    }

    [Fact]
    public async Task Only_an_administrator_unlocks_and_only_a_known_account()
    {
        await using var app = _directory.StartApp();
        using var leader = app.CreateClientFor(await app.CreateAccountWithTokenAsync("leader-l", Roles.Leader, unitId: "t-d"));

        using var refused = await leader.DeleteAsync("/api/accounts/leader-l/lockout");
        using var unknown = await app.CreateClient().DeleteAsync("/api/accounts/nobody/lockout");

        await refused.AssertProblemAsync(HttpStatusCode.Forbidden);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    public void Dispose() => _directory.Dispose();

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, JsonElement antiforgery, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent([new("id", "boss"), new("password", password)]),
        };
        request.Headers.Add(antiforgery.GetProperty("headerName").GetString()!, antiforgery.GetProperty("token").GetString());
        return browser.SendAsync(request);
    }
}
