using Npgsql;

namespace Storage;

/// <summary>
/// What GridPulse's PostgreSQL stores (the event log, the accounts) check the one way: that the server keeps what it
/// answered (<c>fsync</c> and <c>synchronous_commit</c> on), and how a connection string is named in messages.
/// </summary>
public static class PostgresDatabase
{
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
