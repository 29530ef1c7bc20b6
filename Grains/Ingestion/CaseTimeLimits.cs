namespace Grains.Ingestion;

/// <summary>The default time limit (处置时限) of each case category.</summary>
public static class CaseTimeLimits
{
    /// <summary>The limit of a category not listed.</summary>
    public static readonly TimeSpan Fallback = TimeSpan.FromHours(72);

    private static readonly Dictionary<string, TimeSpan> Limits = new(StringComparer.Ordinal)
    {
        ["紧急救助"] = TimeSpan.FromHours(4),
        ["安全隐患"] = TimeSpan.FromHours(24),
        ["环境卫生"] = TimeSpan.FromHours(48),
        ["市容秩序"] = TimeSpan.FromHours(48),
        ["矛盾纠纷"] = TimeSpan.FromHours(72),
        ["城市管理"] = TimeSpan.FromHours(72),
        ["便民服务"] = TimeSpan.FromHours(120),
    };

    /// <summary>The time limit of <paramref name="category"/>; 72 hours for a category not listed.</summary>
    public static TimeSpan LimitOf(string category) => Limits.GetValueOrDefault(category, Fallback);

    /// <summary>The deadline of a case of <paramref name="category"/> reported at <paramref name="occurredAt"/> when none is given.</summary>
    public static DateTimeOffset DefaultDeadline(string category, DateTimeOffset occurredAt) => occurredAt + LimitOf(category);
}
