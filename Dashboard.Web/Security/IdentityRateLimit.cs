using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Dashboard.Web.Accounts;
using Dashboard.Web.Apis;
using Microsoft.AspNetCore.RateLimiting;

namespace Dashboard.Web.Security;

/// <summary>
/// One token bucket per identity for every HTTP request: keyed by the credential that authenticated the request
/// (claim <see cref="GridPulseClaims.Credential"/>), else the account, else the remote address. The administrator token from
/// configuration (the benchmark's and automation's) is exempt. A refused request answers 429 with <c>Retry-After</c>.
/// </summary>
public static class IdentityRateLimit
{
    private const string Exempt = "exempt";

    /// <summary>Sets the global limiter and its 429 answer from <paramref name="limits"/>.</summary>
    public static void Configure(RateLimiterOptions options, RateLimitOptions limits)
    {
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.TokenLimit,
            TokensPerPeriod = limits.TokensPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, (string Kind, string Id)>(context =>
        {
            var key = PartitionOf(context);
            return key.Kind == Exempt ? RateLimitPartition.GetNoLimiter(key) : RateLimitPartition.GetTokenBucketLimiter(key, _ => bucket);
        });
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = RejectAsync;
    }

    /// <summary>The bucket a request draws from: which kind of identity, and its id.</summary>
    public static (string Kind, string Id) PartitionOf(HttpContext context)
    {
        var user = context.User;
        if (user.FindFirst(GridPulseClaims.Credential)?.Value is { Length: > 0 } credential)
        {
            return credential == AccountStore.AdminTokenCredentialId ? (Exempt, credential) : ("credential", credential);
        }

        if (user.Identity?.IsAuthenticated == true && user.FindFirst(ClaimTypes.NameIdentifier)?.Value is { Length: > 0 } account)
        {
            return ("account", account);
        }

        return ("address", context.Connection.RemoteIpAddress?.ToString() ?? "");
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken _)
    {
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Problems.WriteAsync(
            rejected.HttpContext,
            StatusCodes.Status429TooManyRequests,
            $"请求过于频繁，请在 {seconds} 秒后重试。");
    }
}
