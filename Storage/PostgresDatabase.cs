using Npgsql;

namespace Storage;

/// <summary>
/// What GridPulse's PostgreSQL stores (the event log, the accounts) check the one way: that the server keeps what it
/// answered (<c>fsync</c> and <c>synchronous_commit</c> on), and how a connection string is named in messages.
/// </summary>
public static class PostgresDatabase
{
    /// <summary>
    /// The most connections one pool of one process opens unless the connection string says otherwise: Npgsql's 100
    /// let a silo's burst of grain activations (a cold start reads ~1,000 grids at once) take every connection the
    /// server allows (PostgreSQL's default <c>max_connections</c> is 100) and refuse the other processes.
    /// </summary>
    public const int DefaultMaxPoolSize = 20;

    // How a connection string may name the pool's size (Npgsql's keyword and its synonym).
    private static readonly string[] PoolSizeKeywords = ["Maximum Pool Size", "MaxPoolSize"];

    /// <summary>A data source on <paramref name="connectionString"/>, its pool at most <see cref="DefaultMaxPoolSize"/> unless the string sets one.</summary>
    /// <exception cref="ArgumentException">The connection string cannot be read.</exception>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!PoolSizeKeywords.Any(given.ContainsKey))
        {
            builder.ConnectionStringBuilder.MaxPoolSize = DefaultMaxPoolSize;
        }

        return builder.Build();
    }

    /// <summary>Refuses a server that may lose an answered commit.</summary>
    /// <exception cref="StorageStartupException"><c>fsync</c> or <c>synchronous_commit</c> is off (or local).</exception>
    public static void RequireDurableCommits(NpgsqlConnection connection)
    {
        foreach (var setting in (string[])["fsync", "synchronous_commit"])
        {
            using var show = new NpgsqlCommand($"SHOW {setting};", connection);
            var value = (string?)show.ExecuteScalar();
            if (value is "off" or "local")
            {
                throw new StorageStartupException(
                    $"Storage cannot start: PostgreSQL reports {setting} = {value}; without it an answered commit may be lost. Set it on.");
            }
        }
    }

    /// <summary>The connection string without its password, for messages.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Password = null };
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(unreadable connection string)";
        }
    }
}
