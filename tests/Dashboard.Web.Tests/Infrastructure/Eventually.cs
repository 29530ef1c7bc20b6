namespace Dashboard.Web.Tests.Infrastructure;

/// <summary>Awaits a condition that something in the background makes true, with a timeout instead of a fixed sleep.</summary>
public static class Eventually
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Returns once <paramref name="condition"/> holds; throws <see cref="OperationCanceledException"/> after ten seconds.</summary>
    public static Task TrueAsync(Func<bool> condition) => TrueAsync(() => Task.FromResult(condition()));

    /// <summary>Returns once <paramref name="condition"/> holds; throws <see cref="OperationCanceledException"/> after ten seconds.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
