using Npgsql;

namespace Storage.Tests;

/// <summary>How GridPulse's PostgreSQL pools are sized: small by default, as the connection string says otherwise.</summary>
public sealed class PostgresDatabaseTests
{
    [Theory]
    [InlineData("Host=127.0.0.1;Username=gridpulse", PostgresDatabase.DefaultMaxPoolSize)]
    [InlineData("Host=127.0.0.1;Username=gridpulse;Maximum Pool Size=5", 5)]
    [InlineData("Host=127.0.0.1;Username=gridpulse;MaxPoolSize=7", 7)]
    [InlineData("Host=127.0.0.1;Username=gridpulse;maximum pool size=150", 150)]
    public void A_pool_is_as_large_as_the_connection_string_says_and_otherwise_small(string connectionString, int expected)
    {
        using var source = PostgresDatabase.CreateDataSource(connectionString);

        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(source.ConnectionString).MaxPoolSize);
    }
}
