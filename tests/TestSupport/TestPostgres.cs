using Npgsql;

namespace TestSupport;

/// <summary>
/// The PostgreSQL server of the tests, which <c>test.sh</c> starts and names in <see cref="ConnectionStringVariable"/>;
/// each store is a schema of its own on it.
/// </summary>
public static class TestPostgres
{
    /// <summary>The environment variable with the connection string of the tests' PostgreSQL server.</summary>
    public const string ConnectionStringVariable = "GRIDPULSE_TEST_POSTGRES";

    /// <summary>The connection string of the store <paramref name="name"/>: a schema of that name, created if missing.</summary>
    /// <exception cref="InvalidOperationException">No server is configured for the tests.</exception>
    public static string ConnectionStringFor(string name)
    {
        var server = Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"没有测试用的 PostgreSQL / no PostgreSQL for the tests: run ./test.sh, which starts one, or set {ConnectionStringVariable} " +
                "to the connection string of a server where the tests may create schemas (e.g. Host=127.0.0.1;Port=5432;Username=postgres).");
        var schema = "s_" + name.Replace('-', '_');
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {schema};", connection);
            create.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
    }
}
