namespace Storage;

/// <summary>
/// Thrown to the callers of a commit that failed because the disk or the database is full (SQLite's
/// <c>SQLITE_FULL</c>): nothing of the commit was stored, and the same append may succeed once space returns.
/// </summary>
public sealed class StorageFullException : IOException
{
    /// <summary>Creates the exception with a message and its cause.</summary>
    public StorageFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StorageFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public StorageFullException()
    {
    }
}
