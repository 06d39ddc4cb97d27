using MlopsPortal.Core.Lab;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Lab;

/// <summary>Reads the lab's facts from the registry and the warehouse. Parts of the portal not built yet answer null.</summary>
public sealed class WarehouseLabFacts(IWarehouse warehouse, RegistryService registry) : ILabFacts
{
    public async Task<IReadOnlyList<string>?> ModelNamesAsync(CancellationToken ct) =>
        (await registry.ListModelsAsync(ct: ct)).Select(m => m.Name).ToList();

    public async Task<IReadOnlyList<string>?> VersionNamesAsync(string model, CancellationToken ct) =>
        (await registry.GetModelAsync(model, ct)).Versions;

    public async Task<string?> AliasHolderAsync(string model, string aliasName, CancellationToken ct) =>
        (await registry.GetModelAsync(model, ct)).Aliases.GetValueOrDefault(aliasName);

    public Task<bool> AliasesAvailableAsync(CancellationToken ct) => Task.FromResult(true);

    public async Task<long?> RowsWhereAsync(string table, string column, long value, CancellationToken ct)
    {
        var info = await warehouse.DescribeTableAsync(table, ct);
        if (info?.Column(column) is null) return null;
        var d = warehouse.Dialect;
        return await warehouse.ScalarAsync<long>($"SELECT CAST(COUNT(*) AS BIGINT) FROM {d.Quote(info.Name)} WHERE {d.Quote(column)} = $value", new { value }, ct);
    }

    public async Task<int?> MonitorCountAsync(string name, CancellationToken ct) =>
        await new Monitoring.MonitorStore(warehouse).CountNamedAsync(name, ct);
}
