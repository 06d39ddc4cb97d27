using MlopsPortal.Core.Common;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Registry;

/// <summary>Maps model features onto a warehouse table, reading the distinct values of its text columns.</summary>
public sealed class FeatureMappingService(IWarehouse warehouse, ICurrentUser currentUser)
{
    /// <summary>Text columns with more distinct values than this are not read (their suffixes are then accepted as is).</summary>
    public const int MaxDistinctValues = 1000;

    /// <summary>The tables a model can be mapped onto (the portal's own PORTAL_ tables left out).</summary>
    public async Task<IReadOnlyList<TableInfo>> ListTablesAsync(CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "list tables");
        return (await warehouse.ListTablesAsync(ct))
            .Where(t => !t.Name.StartsWith("PORTAL_", StringComparison.OrdinalIgnoreCase) && !t.Name.StartsWith('_')).ToList();
    }

    public async Task<PreprocessingSpec> MapAsync(IReadOnlyList<string> features, string table, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "map features");
        var info = await warehouse.DescribeTableAsync(Identifier.Validate(table, "table name"), ct)
            ?? throw new PortalNotFoundException($"There is no table {table}.");
        var distinct = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.OrdinalIgnoreCase);
        var d = warehouse.Dialect;
        foreach (var column in info.Columns.Where(c => c.Type == WarehouseType.Text && features.Any(f => f.StartsWith(c.Name + "_", StringComparison.OrdinalIgnoreCase))))
        {
            var sql = $"SELECT DISTINCT {d.Quote(column.Name)} AS V FROM {d.Quote(info.Name)} WHERE {d.Quote(column.Name)} IS NOT NULL LIMIT {MaxDistinctValues + 1}";
            var values = await warehouse.QueryAsync<string>(sql, ct: ct);
            if (values.Count <= MaxDistinctValues)
                distinct[column.Name] = values;
        }
        return FeatureMapper.Map(features, info.Columns, distinct);
    }
}
