namespace Grains.Ingestion;

/// <summary>The default time limit (处置时限) of each case category.</summary>
public static class CaseTimeLimits
{
    /// <summary>The deadline of a case of <paramref name="category"/> reported at <paramref name="occurredAt"/> when none is given.</summary>
    public static DateTimeOffset DefaultDeadline(string category, DateTimeOffset occurredAt) =>
        throw new NotImplementedException();
}
