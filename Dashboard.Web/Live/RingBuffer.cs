namespace Dashboard.Web.Live;

/// <summary>A fixed number of the latest items: adding to a full ring overwrites the oldest. Not thread-safe.</summary>
public sealed class RingBuffer<T>
{
    private readonly T[] _items;
    private int _next;

    /// <summary>Creates an empty ring of <paramref name="capacity"/> items.</summary>
    public RingBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _items = new T[capacity];
    }

    /// <summary>How many items the ring holds.</summary>
    public int Count { get; private set; }

    /// <summary>Adds an item as the newest, dropping the oldest when full.</summary>
    public void Add(T item)
    {
        _items[_next] = item;
        _next = (_next + 1) % _items.Length;
        Count = Math.Min(Count + 1, _items.Length);
    }

    /// <summary>The items from the newest to the oldest.</summary>
    public IEnumerable<T> NewestFirst()
    {
        for (var i = 1; i <= Count; i++)
        {
            yield return _items[(_next - i + _items.Length) % _items.Length];
        }
    }
}
