namespace Grains.Tests;

/// <summary>Awaits a condition that timers make true, with a timeout instead of a fixed sleep.</summary>
internal static class Eventually
{
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(10, CancellationToken.None);
        }

        return true;
    }
}
