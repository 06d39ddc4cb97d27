using MlopsPortal.Infrastructure.Snowflake;
using Microsoft.Extensions.Logging;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Snowflake.Config;

namespace MlopsPortal.Infrastructure.SnowflakeNative;

/// <summary>
/// The Snowflake account holding Snowflake's own models, monitors and alerts: the portal's warehouse when it runs on
/// Snowflake, else the connection named by <c>Snowflake:NativeConnection</c> (so a portal on the embedded warehouse can
/// still work with a team's Snowflake registry), else none. A broken connection does not stop the portal: the native
/// pages say what is wrong instead.
/// </summary>
public sealed class SnowflakeNativeWarehouse : IDisposable
{
    public const string NativeConnectionKey = "Snowflake:NativeConnection";

    private readonly Lazy<(IWarehouse? Warehouse, string? Problem)> _warehouse;
    private SnowflakeClientHandle? _ownHandle;

    private SnowflakeNativeWarehouse(string? connection, Func<(IWarehouse?, string?)> open)
    {
        Connection = connection;
        _warehouse = new Lazy<(IWarehouse?, string?)>(open, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The connection's name, or null when there is none.</summary>
    public string? Connection { get; }

    public bool IsConfigured => Connection is not null;

    /// <summary>Why the native objects cannot be reached, or null when they can.</summary>
    public string? Problem => _warehouse.Value.Problem;

    public IWarehouse Warehouse => _warehouse.Value.Warehouse
        ?? throw new PortalValidationException(_warehouse.Value.Problem!);

    public static SnowflakeNativeWarehouse None() => new(null, () => (null,
        "Snowflake's own registry, monitors and alerts need a Snowflake connection: run the portal on Snowflake (Admin → Warehouse) " +
        $"or name a connection in {NativeConnectionKey}."));

    /// <summary>The portal's own Snowflake warehouse.</summary>
    public static SnowflakeNativeWarehouse Backend(SnowflakeWarehouse warehouse, string connection) => new(connection, () => (warehouse, null));

    /// <summary>A connection of its own, opened on first use.</summary>
    public static SnowflakeNativeWarehouse Separate(string connection, SnowflakeConnectionCatalog catalog, SnowflakeClientFactory clients, ILoggerFactory loggers)
    {
        SnowflakeNativeWarehouse? self = null;
        self = new SnowflakeNativeWarehouse(connection, () =>
        {
            try
            {
                var handle = clients.Create(catalog.Resolve(connection));
                self!._ownHandle = handle;
                return (new SnowflakeWarehouse(handle.Client, new SnowflakeWarehouseOptions(), loggers.CreateLogger<SnowflakeWarehouse>()), null);
            }
            catch (Exception e) when (e is SnowflakeConfigurationException or IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                return (null, $"The Snowflake connection '{connection}' ({NativeConnectionKey}) cannot be used: {e.Message}");
            }
        });
        return self;
    }

    public void Dispose() => _ownHandle?.Dispose();
}
