namespace Silo;

/// <summary>
/// Overrides, for one grain class, how long an activation may stay idle before the collector deactivates it
/// (<c>SiloOptions.CollectionAge</c> otherwise), as Orleans' attribute of the same name.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public sealed class CollectionAgeLimitAttribute : Attribute
{
    /// <summary>Days of the age limit, added to the hours and minutes.</summary>
    public double Days { get; init; }

    /// <summary>Hours of the age limit, added to the days and minutes.</summary>
    public double Hours { get; init; }

    /// <summary>Minutes of the age limit, added to the days and hours.</summary>
    public double Minutes { get; init; }

    /// <summary>When true, activations of the class are never collected for being idle. Default false.</summary>
    public bool AlwaysActive { get; init; }

    /// <summary>The age limit; zero means "use the silo's default".</summary>
    public TimeSpan Amount => TimeSpan.FromDays(Days) + TimeSpan.FromHours(Hours) + TimeSpan.FromMinutes(Minutes);
}
