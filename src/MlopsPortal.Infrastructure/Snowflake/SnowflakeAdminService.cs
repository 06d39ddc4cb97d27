using MlopsPortal.Core.Security;
using MlopsPortal.Infrastructure.Snowflake.Config;

namespace MlopsPortal.Infrastructure.Snowflake;

/// <summary>One row of the admin page's connection list; no secret in it.</summary>
public sealed record SnowflakeConnectionView(
    string Name, string? Account, string? User, string? Role, string? Warehouse, string? Database, string? Schema,
    string Source, bool IsDefault, bool IsActive, IReadOnlyList<string> Problems);

/// <summary>The outcome of "test connection": who and where, or Snowflake's error message.</summary>
public sealed record SnowflakeTestResult(bool Ok, SnowflakeIdentity? Identity, string? Error, TimeSpan Elapsed);

/// <summary>What the admin page does with Snowflake connections: list, test, and choose the backend for the next start.</summary>
public sealed class SnowflakeAdminService(
    SnowflakeConnectionCatalog catalog, SnowflakeClientFactory clients, WarehouseBackendChoice running, ICurrentUser user, string dataDirectory)
{
    public WarehouseBackendChoice Running => running;

    /// <summary>The choice saved for the next start, when it differs from nothing.</summary>
    public WarehouseBackendChoice? Saved => WarehouseBackendChoice.Load(dataDirectory);

    public string? ConnectionsSource => catalog.FilePath ?? catalog.Directory;

    /// <summary>A warning when the connections file is readable by other users (it may hold a passphrase).</summary>
    public string? FileWarning => SnowflakeConnectionsReader.PermissionProblem(catalog.FilePath);

    public async Task<IReadOnlyList<SnowflakeConnectionView>> ListAsync()
    {
        await user.RequireAsync(Role.Admin, "see Snowflake connections");
        return catalog.Connections.Select(c => new SnowflakeConnectionView(
            c.Name, c.Account, c.User, c.Role, c.Warehouse, c.Database, c.Schema, c.Source,
            c.Name == catalog.DefaultName,
            running.Backend == WarehouseBackend.Snowflake && c.Name == (running.Connection ?? catalog.DefaultName),
            c.Problems())).ToList();
    }

    /// <summary>Runs CURRENT_USER(), CURRENT_ROLE(), CURRENT_WAREHOUSE() over the connection.</summary>
    public async Task<SnowflakeTestResult> TestAsync(string name, CancellationToken ct = default)
    {
        await user.RequireAsync(Role.Admin, "test Snowflake connections");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var connection = catalog.Resolve(name);
            using var handle = clients.Create(connection);
            var warehouse = new SnowflakeWarehouse(handle.Client, new SnowflakeWarehouseOptions());
            var identity = await warehouse.IdentityAsync(ct);
            return new SnowflakeTestResult(true, identity, null, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e) when (e is SnowflakeConfigurationException or SnowflakeApiException or TimeoutException
                                      or HttpRequestException or IOException or UnauthorizedAccessException)
        {
            return new SnowflakeTestResult(false, null, e.Message, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>Saves the backend for the next start; the running portal keeps its warehouse until restarted.</summary>
    public async Task<WarehouseBackendChoice> ChooseAsync(WarehouseBackend backend, string? connection)
    {
        await user.RequireAsync(Role.Admin, "switch the warehouse backend");
        if (backend == WarehouseBackend.Snowflake)
        {
            try
            {
                catalog.Resolve(connection);
            }
            catch (SnowflakeConfigurationException e)
            {
                throw new Core.Common.PortalValidationException(e.Message);
            }
        }
        WarehouseBackendChoice.Save(dataDirectory, backend, backend == WarehouseBackend.Snowflake ? connection : null);
        return Saved!;
    }
}
