using MlopsPortal.Core.Lab;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Lab;

/// <summary>Reads the lab's facts from the warehouse. Parts of the portal not built yet answer null.</summary>
public sealed class WarehouseLabFacts(IWarehouse warehouse) : ILabFacts
{
    public Task<IReadOnlyList<string>?> ModelNamesAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<string>?>(null);

    public Task<IReadOnlyList<string>?> VersionNamesAsync(string model, CancellationToken ct) => Task.FromResult<IReadOnlyList<string>?>(null);

    public Task<string?> AliasHolderAsync(string model, string alias, CancellationToken ct) => Task.FromResult<string?>(null);

    public Task<bool> AliasesAvailableAsync(CancellationToken ct) => Task.FromResult(false);

    public async Task<long?> RowsWhereAsync(string table, string column, long value, CancellationToken ct)
    {
        var info = await warehouse.DescribeTableAsync(table, ct);
        if (info?.Column(column) is null) return null;
        var d = warehouse.Dialect;
        return await warehouse.ScalarAsync<long>($"SELECT CAST(COUNT(*) AS BIGINT) FROM {d.Quote(table)} WHERE {d.Quote(column)} = $value", new { value }, ct);
    }

    public async Task<int?> MonitorCountAsync(string name, CancellationToken ct) =>
        await new Monitoring.MonitorStore(warehouse).CountNamedAsync(name, ct);
}
