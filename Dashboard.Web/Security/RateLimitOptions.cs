using System.ComponentModel.DataAnnotations;

namespace Dashboard.Web.Security;

/// <summary>
/// Rate limits per identity, section <c>RateLimits</c> of the configuration. HTTP requests draw from a token bucket
/// per credential (else account, else remote address); hub invocations from a bucket per connection.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "RateLimits";

    /// <summary>
    /// The requests one identity may send at once: the bucket's size. Default 1000, enough for a phone that sends a
    /// long day's offline outbox one report at a time, or for a client that posts 1000 single reports in a row.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:TokenLimit 必须在 1 到 1000000 之间。 RateLimits:TokenLimit must be 1 to 1000000.")]
    public int TokenLimit { get; set; } = 1000;

    /// <summary>
    /// The requests per second one identity may sustain once its bucket is empty. Default 50, far above what a
    /// person or a wall sends and enough for a batch client (1000 reports per request).
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "RateLimits:TokensPerSecond 必须在 1 到 1000000 之间。 RateLimits:TokensPerSecond must be 1 to 1000000.")]
    public int TokensPerSecond { get; set; } = 50;

    /// <summary>The hub invocations (subscribe, unsubscribe) one connection may make per <see cref="HubPeriodSeconds"/>. Default 20.</summary>
    [Range(1, 100_000, ErrorMessage = "RateLimits:HubInvocations 必须在 1 到 100000 之间。 RateLimits:HubInvocations must be 1 to 100000.")]
    public int HubInvocations { get; set; } = 20;

    /// <summary>The period over which <see cref="HubInvocations"/> refill, in seconds. Default 10.</summary>
    [Range(1, 3600, ErrorMessage = "RateLimits:HubPeriodSeconds 必须在 1 到 3600 之间。 RateLimits:HubPeriodSeconds must be 1 to 3600.")]
    public int HubPeriodSeconds { get; set; } = 10;
}
