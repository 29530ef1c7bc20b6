using Dashboard.Web.Live;

namespace Dashboard.Web.Tests.Live;

public sealed class RingBufferTests
{
    [Fact]
    public void A_ring_lists_what_it_holds_newest_first()
    {
        var ring = new RingBuffer<int>(3);

        ring.Add(1);
        ring.Add(2);

        Assert.Equal([2, 1], ring.NewestFirst());
        Assert.Equal(2, ring.Count);
    }

    [Fact]
    public void A_full_ring_drops_the_oldest()
    {
        var ring = new RingBuffer<int>(3);

        for (var i = 1; i <= 7; i++)
        {
            ring.Add(i);
        }

        Assert.Equal([7, 6, 5], ring.NewestFirst());
        Assert.Equal(3, ring.Count);
    }

    [Fact]
    public void An_empty_ring_lists_nothing()
    {
        Assert.Empty(new RingBuffer<string>(1).NewestFirst());
        Assert.Throws<ArgumentOutOfRangeException>(() => new RingBuffer<int>(0));
    }
}
