using Storage;

namespace Storage.Tests;

public sealed class LogKeyMapTests
{
    [Fact]
    public void Every_entry_added_is_found_by_its_hash_after_the_map_has_grown()
    {
        var map = new LogKeyMap();
        var random = new Random(7);
        var hashes = Enumerable.Range(0, 100_000).Select(_ => random.NextInt64(long.MinValue, long.MaxValue)).ToArray();

        for (var i = 0; i < hashes.Length; i++)
        {
            map.Add(hashes[i], i + 1);
        }

        Assert.Equal(hashes.Length, map.Count);
        var found = new List<long>();
        for (var i = 0; i < hashes.Length; i++)
        {
            found.Clear();
            map.CollectSequences(hashes[i], found);
            Assert.Contains(i + 1L, found);
        }
    }

    [Fact]
    public void Entries_that_share_a_hash_are_all_found()
    {
        var map = new LogKeyMap();
        map.Add(42, 1);
        map.Add(7, 2);
        map.Add(42, 3);

        var found = new List<long>();
        map.CollectSequences(42, found);

        Assert.Equal([1L, 3L], found);
    }

    [Fact]
    public void A_hash_never_added_finds_nothing_in_an_empty_map_and_copies_carry_every_entry()
    {
        var map = new LogKeyMap();
        var copy = new LogKeyMap();
        map.Add(42, 1);
        map.Add(43, LogKeyMap.MaxSequence);

        map.CopyTo(copy);
        map.Clear();

        var found = new List<long>();
        map.CollectSequences(42, found);
        Assert.Empty(found);
        copy.CollectSequences(42, found);
        copy.CollectSequences(43, found);
        Assert.Equal([1L, LogKeyMap.MaxSequence], found);
        Assert.Throws<ArgumentOutOfRangeException>(() => map.Add(44, LogKeyMap.MaxSequence + 1));
    }
}
