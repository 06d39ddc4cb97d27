using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace MlopsPortal.Infrastructure.Snowflake;

public enum WarehouseBackend
{
    Embedded,
    Snowflake,
}

/// <summary>
/// Which warehouse the portal uses, decided once at start: <c>Warehouse:Backend</c> (and <c>Snowflake:Connection</c>) in
/// configuration win; else the choice the admin page saved in <c>$MLOPS_DATA_DIR/warehouse-backend.json</c>; else Embedded.
/// </summary>
public sealed record WarehouseBackendChoice(WarehouseBackend Backend, string? Connection, string Origin)
{
    public const string BackendKey = "Warehouse:Backend";
    public const string FileName = "warehouse-backend.json";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static WarehouseBackendChoice Resolve(IConfiguration configuration, string dataDirectory)
    {
        var connection = configuration[$"{Config.SnowflakeConnectionCatalog.Section}:Connection"];
        if (configuration[BackendKey] is { Length: > 0 } configured)
        {
            if (!Enum.TryParse<WarehouseBackend>(configured, ignoreCase: true, out var backend))
                throw new SnowflakeConfigurationException($"{BackendKey} is '{configured}'; use Embedded or Snowflake.");
            return new(backend, connection, "configuration");
        }
        var saved = Load(dataDirectory);
        return saved ?? new(WarehouseBackend.Embedded, connection, "default");
    }

    public static WarehouseBackendChoice? Load(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
            return null;
        var saved = JsonSerializer.Deserialize<Saved>(File.ReadAllText(path));
        return saved is null || !Enum.TryParse<WarehouseBackend>(saved.Backend, true, out var b)
            ? null
            : new(b, saved.Connection, path);
    }

    /// <summary>Stores the choice for the next start (the running portal keeps its warehouse).</summary>
    public static void Save(string dataDirectory, WarehouseBackend backend, string? connection)
    {
        System.IO.Directory.CreateDirectory(dataDirectory);
        File.WriteAllText(Path.Combine(dataDirectory, FileName),
            JsonSerializer.Serialize(new Saved(backend.ToString(), connection), Indented));
    }

    private sealed record Saved(string Backend, string? Connection);
}
