namespace TestSupport;

/// <summary>A clock the test moves by hand; timers created from it fire when it passes their due time.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
}
