using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace MlopsPortal.Infrastructure.Settings;

/// <summary>
/// The Data Protection key ring in one PostgreSQL table (the jobs database), so every portal instance reads the same
/// keys: a cookie, bearer token or stored secret protected by one instance is unprotected by any other. Keys are
/// only ever added (Data Protection revokes by adding a revocation element), so an insert that loses a race changes
/// nothing. The table is created on first use; any instance may be first.
/// </summary>
public sealed class PostgresKeyRepository(string connectionString) : IXmlRepository
{
    public const string Table = "mlops_data_protection_keys";

    private readonly Lazy<Task> _created = new(() => CreateTableAsync(connectionString));

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        EnsureTable();
        using var connection = Open();
        using var command = new NpgsqlCommand($"SELECT xml FROM {Table} ORDER BY id", connection);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
            elements.Add(XElement.Parse(reader.GetString(0)));
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        EnsureTable();
        using var connection = Open();
        using var command = new NpgsqlCommand(
            $"INSERT INTO {Table} (friendly_name, xml) VALUES (@name, @xml) ON CONFLICT (friendly_name) DO NOTHING", connection);
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }

    private void EnsureTable() => _created.Value.GetAwaiter().GetResult();

    private NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return connection;
    }

    private static async Task CreateTableAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Two instances starting at once may both create: the advisory lock makes the second wait and find the table.
        await using var command = new NpgsqlCommand(
            $"""
            SELECT pg_advisory_xact_lock(hashtext('{Table}'));
            CREATE TABLE IF NOT EXISTS {Table} (
                id BIGSERIAL PRIMARY KEY,
                friendly_name TEXT NOT NULL UNIQUE,
                xml TEXT NOT NULL,
                created_at TIMESTAMPTZ NOT NULL DEFAULT now())
            """, connection);
        await using var transaction = await connection.BeginTransactionAsync();
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }
}
