using System.ComponentModel.DataAnnotations;

namespace Dashboard.Web.Live;

/// <summary>Settings of the live push, section <c>Push</c> of the configuration (<c>--push-interval MS</c>).</summary>
public sealed class PushOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Push";

    /// <summary>
    /// The shortest time between two pushes of one unit, in milliseconds: changes in between are coalesced into one
    /// snapshot and one activity batch. Default 250 (spec 4); 10 to 60,000.
    /// </summary>
    [Range(10, 60_000, ErrorMessage = "推送间隔（Push:IntervalMilliseconds）必须在 10 到 60000 毫秒之间。 The push interval must be 10 to 60000 ms.")]
    public int IntervalMilliseconds { get; set; } = 250;

    /// <summary><see cref="IntervalMilliseconds"/> as a time span.</summary>
    public TimeSpan Interval => TimeSpan.FromMilliseconds(IntervalMilliseconds);
}
