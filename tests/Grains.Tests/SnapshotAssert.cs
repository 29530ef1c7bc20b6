using Grains.Interfaces;

namespace Grains.Tests;

/// <summary>Compares what two snapshots of a unit count, leaving out what changes by itself (version, time).</summary>
internal static class SnapshotAssert
{
    /// <summary>The same numbers; <paramref name="children"/> false leaves out the children's own (a child moved between two others).</summary>
    public static void SameNumbers(UnitSnapshot expected, UnitSnapshot actual, bool children = true)
    {
        Assert.Equal(expected.Today, actual.Today);
        Assert.Equal(expected.Month, actual.Month);
        Assert.Equal(expected.Total, actual.Total);
        Assert.Equal(expected.Cases, actual.Cases);
        Assert.Equal(expected.Workers, actual.Workers);
        Assert.Equal(expected.Hourly, actual.Hourly);
        Assert.Equal(expected.Daily, actual.Daily);
        if (children)
        {
            Assert.Equal(expected.Children, actual.Children);
        }

        Assert.Equal(expected.Categories, actual.Categories);
    }
}
