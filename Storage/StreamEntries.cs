using System.Buffers.Binary;
using System.Text;

namespace Storage;

/// <summary>
/// The layout of a row of <c>event_streams</c>: one commit's entries, each as its sequence (64-bit little-endian), the
/// length of its stream's name in bytes (32-bit little-endian) and the name in UTF-8, in sequence order.
/// </summary>
internal static class StreamEntries
{
    /// <summary>The bytes of an entry before its stream's name.</summary>
    public const int HeaderSize = 12;

    /// <summary>Writes one entry at the start of <paramref name="destination"/>; answers the bytes written.</summary>
    public static int Write(Span<byte> destination, long sequence, string stream)
    {
        var length = Encoding.UTF8.GetBytes(stream, destination[HeaderSize..]);
        BinaryPrimitives.WriteInt64LittleEndian(destination, sequence);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], length);
        return HeaderSize + length;
    }

    /// <summary>The sequence of a row's first entry.</summary>
    public static long FirstSequence(ReadOnlySpan<byte> entries) =>
        entries.Length >= HeaderSize
            ? BinaryPrimitives.ReadInt64LittleEndian(entries)
            : throw new InvalidDataException($"A row of event_streams holds {entries.Length} bytes, less than one entry.");

    /// <summary>Adds a row's entries to <paramref name="streams"/>; answers the sequence of its last one.</summary>
    public static long Read(ReadOnlySpan<byte> entries, StreamIndex streams)
    {
        var last = 0L;
        while (entries.Length > 0)
        {
            var length = entries.Length >= HeaderSize ? BinaryPrimitives.ReadInt32LittleEndian(entries[8..]) : -1;
            if (length < 0 || entries.Length < HeaderSize + length)
            {
                throw new InvalidDataException("A row of event_streams ends in the middle of an entry.");
            }

            last = BinaryPrimitives.ReadInt64LittleEndian(entries);
            streams.Add(entries.Slice(HeaderSize, length), last);
            entries = entries[(HeaderSize + length)..];
        }

        return last;
    }
}
