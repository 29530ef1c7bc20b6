namespace Storage;

/// <summary>
/// Thrown to the callers of a commit or read that failed because the database server could not be reached (it is
/// down, restarting, or the connection broke): a commit that failed so was not acknowledged, and the same append,
/// repeated with the same ids, is stored once when the server is back.
/// </summary>
public sealed class StorageUnavailableException : IOException
{
    /// <summary>Creates the exception with a message and its cause.</summary>
    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public StorageUnavailableException()
    {
    }
}
