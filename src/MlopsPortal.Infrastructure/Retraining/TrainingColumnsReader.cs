using MlopsPortal.Core.Retraining;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Retraining;

/// <summary>Reads a training run's table and applies <see cref="TrainingColumns"/>' rules to it.</summary>
public static class TrainingColumnsReader
{
    public static async Task<(TableInfo Table, IReadOnlyList<string> Features, ColumnInfo Label)> ResolveAsync(
        IWarehouse warehouse, TrainingRunSpec spec, CancellationToken ct)
    {
        TrainingColumns.CheckSpec(spec); // names are checked before they reach the warehouse
        return TrainingColumns.Resolve(spec, await warehouse.DescribeTableAsync(spec.TrainingTable, ct));
    }
}
