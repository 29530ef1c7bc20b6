namespace Storage;

/// <summary>
/// Thrown when the storage refuses to start because it cannot guarantee durability, for example when the database
/// does not accept WAL journaling or <c>synchronous=FULL</c>. The message names the file and what is wrong.
/// </summary>
public sealed class StorageStartupException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public StorageStartupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public StorageStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public StorageStartupException()
    {
    }
}
