namespace Storage;

/// <summary>
/// The stable 64-bit hash of an idempotency key (type, id) that the log stores with each entry: FNV-1a 64 over the
/// UTF-16 code units (low byte first) of the type, a NUL, and the id. Stable across processes and versions, because the
/// stored hashes are read back after a restart; keys that share a hash are told apart by comparing type and id.
/// </summary>
internal static class LogKeyHash
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static long Of(string type, string id)
    {
        var hash = Add(OffsetBasis, type);
        hash = Add(hash, '\0');
        return unchecked((long)Add(hash, id));
    }

    private static ulong Add(ulong hash, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            hash = Add(hash, c);
        }

        return hash;
    }

    private static ulong Add(ulong hash, char c)
    {
        unchecked
        {
            hash = (hash ^ (byte)c) * Prime;
            return (hash ^ (byte)(c >> 8)) * Prime;
        }
    }
}
