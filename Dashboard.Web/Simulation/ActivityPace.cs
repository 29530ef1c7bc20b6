namespace Dashboard.Web.Simulation;

/// <summary>
/// How many new activities are due at a rate per second, carrying the fraction from one tick to the next. A long
/// pause (a suspended machine, a stalled store) is not made up for: at most one second's worth comes at once.
/// </summary>
public sealed class ActivityPace(double ratePerSecond)
{
    private DateTimeOffset? _last;
    private double _carry;

    /// <summary>The activities due since the previous call; none on the first.</summary>
    public int Due(DateTimeOffset now)
    {
        if (_last is not { } last)
        {
            _last = now;
            return 0;
        }

        _last = now;
        var seconds = Math.Clamp((now - last).TotalSeconds, 0, 1);
        _carry += ratePerSecond * seconds;
        var due = (int)Math.Floor(_carry);
        _carry -= due;
        return due;
    }
}
