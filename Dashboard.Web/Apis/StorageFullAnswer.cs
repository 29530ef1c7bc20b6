using Microsoft.AspNetCore.Diagnostics;
using Storage;

namespace Dashboard.Web.Apis;

/// <summary>
/// A write that failed because the storage is full answers 507 with <c>Retry-After</c> and a problem saying so,
/// instead of 500: nothing of it was stored, and the same write (the phones' outboxes repeat it by themselves) is
/// stored once space returns. The log records the episode once (<see cref="SqliteEventLog"/>), not every request.
/// </summary>
internal sealed class StorageFullAnswer : IExceptionHandler
{
    /// <summary>When a client should try again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsStorageFull(exception))
        {
            return false;
        }

        httpContext.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Problems.WriteAsync(
            httpContext,
            StatusCodes.Status507InsufficientStorage,
            "存储空间已满，本次写入未保存，请稍后重试；空间恢复后写入即恢复正常。");
        return true;
    }

    /// <summary>True when <paramref name="exception"/> or one of its causes is a <see cref="StorageFullException"/>.</summary>
    private static bool IsStorageFull(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is StorageFullException)
            {
                return true;
            }
        }

        return false;
    }
}
