namespace Storage;

/// <summary>
/// Which sequences each stream holds, in memory, and the log's last committed sequence. A SQLite index on the stream
/// would dirty one page per stream in every commit (a batch over a thousand grids writes a thousand index pages to the
/// WAL), and the log has one writer process anyway; the writer adds each commit here after it is durable, and a
/// stream read takes its sequences from here and its rows by primary key.
/// </summary>
internal sealed class StreamIndex
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<long>> _streams = new(StringComparer.Ordinal);
    private long _position;

    /// <summary>The log's last committed sequence.</summary>
    public long Position
    {
        get
        {
            lock (_lock)
            {
                return _position;
            }
        }
    }

    /// <summary>Adds a stored entry; sequences of one stream arrive in increasing order.</summary>
    public void Add(string stream, long sequence)
    {
        lock (_lock)
        {
            AddLocked(stream, sequence);
        }
    }

    /// <summary>Adds the entries of one commit and moves the position to its last sequence.</summary>
    public void AddCommit(IEnumerable<(string Stream, long Sequence)> entries, long lastSequence)
    {
        lock (_lock)
        {
            foreach (var (stream, sequence) in entries)
            {
                AddLocked(stream, sequence);
            }

            _position = Math.Max(_position, lastSequence);
        }
    }

    /// <summary>The sequences of <paramref name="stream"/> after <paramref name="afterSequence"/>, and the position they were taken at.</summary>
    public (long[] Sequences, long Position) After(string stream, long afterSequence)
    {
        lock (_lock)
        {
            if (!_streams.TryGetValue(stream, out var sequences))
            {
                return ([], _position);
            }

            var first = sequences.BinarySearch(afterSequence + 1);
            if (first < 0)
            {
                first = ~first;
            }

            return (System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sequences)[first..].ToArray(), _position);
        }
    }

    /// <summary>The latest sequence of <paramref name="stream"/>, or null when it has none.</summary>
    public long? Latest(string stream)
    {
        lock (_lock)
        {
            return _streams.TryGetValue(stream, out var sequences) ? sequences[^1] : null;
        }
    }

    private void AddLocked(string stream, long sequence)
    {
        if (!_streams.TryGetValue(stream, out var sequences))
        {
            sequences = new List<long>(4);
            _streams[stream] = sequences;
        }

        sequences.Add(sequence);
        _position = Math.Max(_position, sequence);
    }
}
