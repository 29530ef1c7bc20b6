namespace Dashboard.Web.Accounts;

/// <summary>
/// Slows password guessing at <c>POST /signin</c>: an account that failed <see cref="AccountFailures"/> times within
/// <see cref="Window"/> is locked for <see cref="LockFor"/>, whatever password comes next, and an address that failed
/// <see cref="AddressFailures"/> times, across accounts, is refused as long. An administrator may unlock an account
/// before its time. Kept in this web node's memory: a restart, or another node, starts counting afresh.
/// </summary>
public sealed partial class SignInLockout(TimeProvider time, ILogger<SignInLockout> logger)
{
    /// <summary>Failures of one account within <see cref="Window"/> that lock it.</summary>
    public const int AccountFailures = 5;

    /// <summary>Failures from one address within <see cref="Window"/>, whatever the accounts, that refuse it.</summary>
    public const int AddressFailures = 20;

    /// <summary>How far back failures count.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>How long a lock lasts.</summary>
    public static readonly TimeSpan LockFor = TimeSpan.FromMinutes(15);

    // Beyond this many addresses tracked, the ones without a recent failure are forgotten first.
    private const int MaxTracked = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Failures> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Failures> _addresses = new(StringComparer.Ordinal);

    /// <summary>How long the account or the address is still locked; null when neither is.</summary>
    public TimeSpan? LockedFor(string accountId, string address)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var until = Max(_accounts.GetValueOrDefault(accountId)?.LockedUntil, _addresses.GetValueOrDefault(address)?.LockedUntil);
            return until > now ? until - now : null;
        }
    }

    /// <summary>Counts a wrong password for <paramref name="accountId"/> from <paramref name="address"/>; locks either at its limit.</summary>
    public void Failed(string accountId, string address)
    {
        var now = time.GetUtcNow();
        bool accountLocked, addressLocked;
        lock (_gate)
        {
            if (_addresses.Count >= MaxTracked)
            {
                Forget(_addresses, now);
                Forget(_accounts, now);
            }

            accountLocked = Track(_accounts, accountId, now, AccountFailures);
            addressLocked = Track(_addresses, address, now, AddressFailures);
        }

        SignInFailed(logger, accountId, address);
        if (accountLocked)
        {
            AccountLocked(logger, accountId, AccountFailures, LockFor.TotalMinutes, address);
        }

        if (addressLocked)
        {
            AddressLocked(logger, address, AddressFailures, LockFor.TotalMinutes);
        }
    }

    /// <summary>A right password: the account's failures are forgotten (the address's are not).</summary>
    public void Succeeded(string accountId)
    {
        lock (_gate)
        {
            _accounts.Remove(accountId);
        }
    }

    /// <summary>An administrator unlocks an account; false when it was not locked.</summary>
    public bool Unlock(string accountId, string by)
    {
        var now = time.GetUtcNow();
        bool wasLocked;
        lock (_gate)
        {
            wasLocked = _accounts.Remove(accountId, out var failures) && failures.LockedUntil > now;
        }

        if (wasLocked)
        {
            AccountUnlocked(logger, accountId, by);
        }

        return wasLocked;
    }

    private static bool Track(Dictionary<string, Failures> tracked, string key, DateTimeOffset now, int limit)
    {
        if (!tracked.TryGetValue(key, out var failures))
        {
            tracked[key] = failures = new Failures();
        }

        while (failures.Times.TryPeek(out var oldest) && oldest <= now - Window)
        {
            failures.Times.Dequeue();
        }

        failures.Times.Enqueue(now);
        if (failures.Times.Count < limit || failures.LockedUntil > now)
        {
            return false;
        }

        failures.LockedUntil = now + LockFor;
        failures.Times.Clear();
        return true;
    }

    private static void Forget(Dictionary<string, Failures> tracked, DateTimeOffset now)
    {
        foreach (var (key, failures) in tracked.ToList())
        {
            if (!(failures.LockedUntil > now) && !failures.Times.Any(at => at > now - Window))
            {
                tracked.Remove(key);
            }
        }
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "登录失败 Sign-in failed for account {AccountId} from {Address}: wrong password or unknown account.")]
    private static partial void SignInFailed(ILogger logger, string accountId, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "账号已锁定 Account {AccountId} locked after {Failures} failed sign-ins, for {Minutes} minutes (last from {Address}).")]
    private static partial void AccountLocked(ILogger logger, string accountId, int failures, double minutes, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "地址已锁定 Address {Address} refused after {Failures} failed sign-ins across accounts, for {Minutes} minutes.")]
    private static partial void AddressLocked(ILogger logger, string address, int failures, double minutes);

    [LoggerMessage(Level = LogLevel.Information, Message = "账号已解锁 Account {AccountId} unlocked by {By}.")]
    private static partial void AccountUnlocked(ILogger logger, string accountId, string by);

    private sealed class Failures
    {
        public Queue<DateTimeOffset> Times { get; } = new();

        public DateTimeOffset? LockedUntil { get; set; }
    }
}
