namespace Storage;

/// <summary>Where and how the event log is stored; bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section these options are bound from: <c>Storage</c>.</summary>
    public const string SectionName = "Storage";

    /// <summary>
    /// The name of the connection string that selects PostgreSQL for the event log (<c>ConnectionStrings:GridPulse</c>,
    /// <c>--postgres</c>); without it the log is SQLite in <see cref="DataDirectory"/>.
    /// </summary>
    public const string ConnectionStringName = "GridPulse";

    /// <summary>
    /// The directory that holds the SQLite database file (<see cref="SqliteEventLog.DatabaseFileName"/>); created if missing.
    /// Relative paths are resolved against the current directory. Default: <c>data</c>.
    /// </summary>
    public string DataDirectory { get; set; } = "data";
}
