using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security;

/// <summary>
/// Limits the hub methods one connection may invoke (<see cref="RateLimitOptions.HubInvocations"/> per
/// <see cref="RateLimitOptions.HubPeriodSeconds"/>): a client looping over <c>Subscribe</c> gets an error instead of
/// the server's time. The connection stays open.
/// </summary>
public sealed class HubInvocationLimit(IOptions<RateLimitOptions> options, TimeProvider time) : IHubFilter
{
    private static readonly object BucketKey = new();

    /// <inheritdoc />
    public ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var limits = options.Value;
        var items = invocationContext.Context.Items;
        if (!items.TryGetValue(BucketKey, out var stored) || stored is not InvocationBucket bucket)
        {
            bucket = new InvocationBucket(limits.HubInvocations, TimeSpan.FromSeconds(limits.HubPeriodSeconds), time);
            items[BucketKey] = bucket;
        }

        return bucket.TryTake()
            ? next(invocationContext)
            : throw new HubException($"调用过于频繁：每个连接每 {limits.HubPeriodSeconds} 秒最多调用 {limits.HubInvocations} 次，请稍后再试。");
    }
}
