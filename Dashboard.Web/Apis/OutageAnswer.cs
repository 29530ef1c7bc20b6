using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Storage;

namespace Dashboard.Web.Apis;

/// <summary>
/// A request that failed because a part of the system it needs is out answers with a problem saying so and
/// <c>Retry-After</c>, instead of 500: 507 when the storage is full, 503 when the database server or the cluster's
/// silos cannot be reached. Nothing of a refused write was acknowledged, and the same write (the phones' outboxes
/// repeat it by themselves, with its id) is stored once the part is back. The stores log each episode themselves.
/// </summary>
internal sealed class OutageAnswer : IExceptionHandler
{
    /// <summary>When a client should try again after a full storage: freeing space takes an operator.</summary>
    public static readonly TimeSpan StorageFullRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>When a client should try again after an unreachable database or cluster: restarts take seconds.</summary>
    public static readonly TimeSpan UnavailableRetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, retryAfter, detail) = Classify(exception) switch
        {
            Outage.StorageFull => (StatusCodes.Status507InsufficientStorage, StorageFullRetryAfter,
                "存储空间已满，本次写入未保存，请稍后重试；空间恢复后写入即恢复正常。"),
            Outage.StorageUnavailable => (StatusCodes.Status503ServiceUnavailable, UnavailableRetryAfter,
                "数据库暂时无法访问，本次写入未确认，请稍后用同一编号重试。"),
            Outage.ClusterUnavailable => (StatusCodes.Status503ServiceUnavailable, UnavailableRetryAfter,
                "网格服务节点暂时无法访问，请稍后重试。"),
            _ => (0, TimeSpan.Zero, ""),
        };
        if (status == 0)
        {
            return false;
        }

        httpContext.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        await Problems.WriteAsync(httpContext, status, detail);
        return true;
    }

    private enum Outage
    {
        None,
        StorageFull,
        StorageUnavailable,
        ClusterUnavailable,
    }

    /// <summary>What is out, judged by <paramref name="exception"/> and its causes.</summary>
    private static Outage Classify(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            switch (exception)
            {
                case StorageFullException:
                    return Outage.StorageFull;
                case StorageUnavailableException:
                    return Outage.StorageUnavailable;
                case OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException or TimeoutException:
                    return Outage.ClusterUnavailable;
            }
        }

        return Outage.None;
    }
}
