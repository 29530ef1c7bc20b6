using Dashboard.Web.Security;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Web.Tests.Security;

public sealed class InvocationBucketTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void A_full_bucket_lets_its_capacity_through_at_once_and_then_refuses()
    {
        var bucket = new InvocationBucket(20, TimeSpan.FromSeconds(10), _clock);

        var passed = Enumerable.Range(0, 25).Count(_ => bucket.TryTake());

        Assert.Equal(20, passed);
    }

    [Fact]
    public void An_empty_bucket_refills_evenly_over_its_period()
    {
        var bucket = new InvocationBucket(20, TimeSpan.FromSeconds(10), _clock);
        while (bucket.TryTake())
        {
        }

        _clock.Advance(TimeSpan.FromMilliseconds(499));
        var beforeHalfASecond = bucket.TryTake();
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var atHalfASecond = bucket.TryTake();
        _clock.Advance(TimeSpan.FromMinutes(5));
        var afterALongPause = Enumerable.Range(0, 25).Count(_ => bucket.TryTake());

        Assert.False(beforeHalfASecond);
        Assert.True(atHalfASecond);
        Assert.Equal(20, afterALongPause);
    }
}
