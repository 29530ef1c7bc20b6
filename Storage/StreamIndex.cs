using System.Runtime.InteropServices;
using System.Text;

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
    // Per stream, its count then its sequences: one array a stream, no List around it.
    private readonly Dictionary<string, long[]> _streams = new(StringComparer.Ordinal);
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
            Append(ref CollectionsMarshal.GetValueRefOrAddDefault(_streams, stream, out _), sequence);
        }
    }

    /// <summary>
    /// Adds a stored entry whose stream is given as its UTF-8 text, as the log reads a million of them when it opens:
    /// a stream already known is found without making a string of its name.
    /// </summary>
    public void Add(ReadOnlySpan<byte> streamUtf8, long sequence)
    {
        const int MostOnStack = 256;
        var chars = streamUtf8.Length <= MostOnStack ? stackalloc char[MostOnStack] : new char[streamUtf8.Length];
        var stream = chars[..Encoding.UTF8.GetChars(streamUtf8, chars)];
        lock (_lock)
        {
            Append(ref CollectionsMarshal.GetValueRefOrAddDefault(_streams.GetAlternateLookup<ReadOnlySpan<char>>(), stream, out _), sequence);
        }
    }

    /// <summary>Adds the entries of one commit and moves the position to its last sequence.</summary>
    public void AddCommit(IEnumerable<(string Stream, long Sequence)> entries, long lastSequence)
    {
        lock (_lock)
        {
            foreach (var (stream, sequence) in entries)
            {
                Append(ref CollectionsMarshal.GetValueRefOrAddDefault(_streams, stream, out _), sequence);
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

            var held = sequences.AsSpan(1, (int)sequences[0]);
            var first = held.BinarySearch(afterSequence + 1);
            if (first < 0)
            {
                first = ~first;
            }

            return (held[first..].ToArray(), _position);
        }
    }

    /// <summary>The latest sequence of <paramref name="stream"/>, or null when it has none.</summary>
    public long? Latest(string stream)
    {
        lock (_lock)
        {
            return _streams.TryGetValue(stream, out var sequences) ? sequences[(int)sequences[0]] : null;
        }
    }

    /// <summary>Appends <paramref name="sequence"/> to a stream's array (made when null); under the lock.</summary>
    private void Append(ref long[]? sequences, long sequence)
    {
        sequences ??= new long[3];
        var count = (int)sequences[0];
        if (count + 1 == sequences.Length)
        {
            Array.Resize(ref sequences, (2 * sequences.Length) - 1);
        }

        sequences[count + 1] = sequence;
        sequences[0] = count + 1;
        _position = Math.Max(_position, sequence);
    }
}
