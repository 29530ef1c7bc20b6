using Grains.Interfaces;

namespace Grains.Tests;

/// <summary>Compares what two snapshots of a unit count, leaving out what changes by itself (version, time).</summary>
internal static class SnapshotAssert
{
    public static void SameNumbers(UnitSnapshot expected, UnitSnapshot actual)
    {
        Assert.Equal(expected.Today, actual.Today);
        Assert.Equal(expected.Month, actual.Month);
        Assert.Equal(expected.Total, actual.Total);
        Assert.Equal(expected.Cases, actual.Cases);
        Assert.Equal(expected.Workers, actual.Workers);
        Assert.Equal(expected.Hourly, actual.Hourly);
        Assert.Equal(expected.Daily, actual.Daily);
        Assert.Equal(expected.Children, actual.Children);
        Assert.Equal(expected.Categories, actual.Categories);
    }
}
