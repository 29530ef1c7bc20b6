using Microsoft.Extensions.Logging;

namespace Silo.Runtime;

internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Timer callback of grain {GrainClass}/{Key} failed")]
    public static partial void TimerCallbackFailed(ILogger logger, Exception exception, GrainClass grainClass, string key);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "OnDeactivateAsync of grain {GrainClass}/{Key} ({Reason}) failed")]
    public static partial void DeactivationFailed(ILogger logger, Exception exception, GrainClass grainClass, string key, DeactivationReason reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Activation of grain {GrainClass}/{Key} failed; the next call tries a new one")]
    public static partial void ActivationFailed(ILogger logger, Exception exception, GrainClass grainClass, string key);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Deactivated grain {GrainClass}/{Key} ({Reason})")]
    public static partial void Deactivated(ILogger logger, GrainClass grainClass, string key, DeactivationReason reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Collecting idle activations failed")]
    public static partial void CollectionFailed(ILogger logger, Exception exception);
}
