using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Storage;

/// <summary>
/// ASP.NET Core's data-protection keys in PostgreSQL (issue 11), beside the event log: every web node that shares the
/// store reads the same keys, so what one node protects (a sign-in cookie, an antiforgery token) another can read.
/// Whoever reads this table can forge a sign-in: grant it like the log, to GridPulse's database user only.
/// </summary>
public sealed class PostgresKeyRepository : IXmlRepository, IDisposable
{
    private readonly NpgsqlDataSource _source;
    private readonly Lazy<bool> _schema;

    /// <summary>Uses the store of <paramref name="connectionString"/>; its table is created at the first use.</summary>
    public PostgresKeyRepository(string connectionString)
    {
        _source = PostgresDatabase.CreateDataSource(connectionString);
        _schema = new Lazy<bool>(CreateSchema);
    }

    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        _ = _schema.Value;
        using var command = _source.CreateCommand("SELECT xml FROM data_protection_keys ORDER BY created;");
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        _ = _schema.Value;
        using var command = _source.CreateCommand(
            "INSERT INTO data_protection_keys (friendly_name, xml) VALUES ($1, $2) ON CONFLICT (friendly_name) DO NOTHING;");
        command.Parameters.Add(new() { Value = friendlyName });
        command.Parameters.Add(new() { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.ExecuteNonQuery();
    }

    /// <summary>Closes the connections.</summary>
    public void Dispose() => _source.Dispose();

    private bool CreateSchema()
    {
        using var command = _source.CreateCommand("""
            CREATE TABLE IF NOT EXISTS data_protection_keys (
                friendly_name text PRIMARY KEY,
                xml text NOT NULL,
                created timestamptz NOT NULL DEFAULT now()
            );
            """);
        command.ExecuteNonQuery();
        return true;
    }
}
