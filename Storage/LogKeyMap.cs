namespace Storage;

/// <summary>
/// Which stored entries may have a given key hash, in memory: an open-addressing table with linear probing whose slots
/// are 8 bytes, the top 30 bits of the mixed key hash and the entry's sequence (34 bits). It grows by doubling at three
/// quarters full, so it costs 11 to 22 bytes an entry. It may name entries of other keys (the caller compares the stored
/// type and id) but never misses one. This lets the writer decide a new key without a database lookup and keeps
/// random-key indexes, which dirty one page per appended entry, out of the file.
/// </summary>
internal sealed class LogKeyMap
{
    /// <summary>The largest sequence a slot holds: 2^34 - 1, about 17 billion.</summary>
    public const long MaxSequence = (1L << SequenceBits) - 1;

    private const int SequenceBits = 34;
    private const int FragmentBits = 64 - SequenceBits;
    private const int MinimumCapacity = 1024;

    // The home slot is taken from the stored fragment, so the table can grow without the full hashes; it cannot grow
    // past 2^30 slots (805 million entries, 8 GB).
    private const long MaxCapacity = 1L << FragmentBits;

    // 0 marks an empty slot: SQLite's rowids start at 1.
    private long[] _slots;
    private int _shift;
    private long _count;

    public LogKeyMap(long expectedCount = 0)
    {
        var capacity = (long)MinimumCapacity;
        while (capacity * 3 / 4 < expectedCount && capacity < MaxCapacity)
        {
            capacity *= 2;
        }

        _slots = new long[capacity];
        _shift = 64 - System.Numerics.BitOperations.Log2((ulong)capacity);
    }

    /// <summary>How many entries the map holds.</summary>
    public long Count => _count;

    /// <summary>Records that the entry at <paramref name="sequence"/> has the key hash <paramref name="hash"/>.</summary>
    public void Add(long hash, long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, MaxSequence);
        Insert(Fragment(hash) | sequence);
    }

    /// <summary>
    /// Adds to <paramref name="sequences"/> the sequence of every entry that may have the key hash <paramref name="hash"/>:
    /// all those that have it, and rarely others.
    /// </summary>
    public void CollectSequences(long hash, List<long> sequences)
    {
        var fragment = Fragment(hash);
        var mask = _slots.Length - 1;
        for (var index = Home(fragment, _shift); _slots[index] != 0; index = (index + 1) & mask)
        {
            if ((_slots[index] & ~MaxSequence) == fragment)
            {
                sequences.Add(_slots[index] & MaxSequence);
            }
        }
    }

    /// <summary>Adds every entry of this map to <paramref name="target"/>.</summary>
    public void CopyTo(LogKeyMap target)
    {
        foreach (var slot in _slots)
        {
            if (slot != 0)
            {
                target.Insert(slot);
            }
        }
    }

    /// <summary>Empties the map, keeping its capacity.</summary>
    public void Clear()
    {
        if (_count > 0)
        {
            Array.Clear(_slots);
            _count = 0;
        }
    }

    // Multiplying by the golden ratio (a bijection) spreads hashes that differ in few bits over the top bits.
    private static long Fragment(long hash) => unchecked((long)((ulong)hash * 0x9E3779B97F4A7C15UL)) & ~MaxSequence;

    private static int Home(long slot, int shift) => (int)(unchecked((ulong)slot) >> shift);

    private static void Place(long[] slots, int shift, long slot)
    {
        var mask = slots.Length - 1;
        var index = Home(slot, shift);
        while (slots[index] != 0)
        {
            index = (index + 1) & mask;
        }

        slots[index] = slot;
    }

    private void Insert(long slot)
    {
        if (_count + 1 > _slots.Length * 3L / 4)
        {
            Grow();
        }

        Place(_slots, _shift, slot);
        _count++;
    }

    private void Grow()
    {
        if (_slots.Length >= MaxCapacity)
        {
            throw new InvalidOperationException(
                $"The log's key map is full: it holds {_count} entries, the most it supports in {MaxCapacity} slots.");
        }

        var old = _slots;
        _slots = new long[old.Length * 2];
        _shift--;
        foreach (var slot in old)
        {
            if (slot != 0)
            {
                Place(_slots, _shift, slot);
            }
        }
    }
}
