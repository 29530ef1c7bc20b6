using System.Runtime.CompilerServices;

namespace Silo.Runtime;

/// <summary>
/// Awaiting this moves the rest of the method to the thread pool, so grain code never runs on a caller's
/// synchronization context, task scheduler or dedicated thread.
/// </summary>
internal readonly struct ThreadPoolHop : ICriticalNotifyCompletion
{
    public static bool IsNeeded =>
        SynchronizationContext.Current is not null ||
        TaskScheduler.Current != TaskScheduler.Default ||
        !Thread.CurrentThread.IsThreadPoolThread;

    public bool IsCompleted => false;

    public ThreadPoolHop GetAwaiter() => this;

    public void GetResult()
    {
    }

    public void OnCompleted(Action continuation) =>
        ThreadPool.QueueUserWorkItem(static c => c(), continuation, preferLocal: false);

    public void UnsafeOnCompleted(Action continuation) =>
        ThreadPool.UnsafeQueueUserWorkItem(static c => c(), continuation, preferLocal: false);
}
