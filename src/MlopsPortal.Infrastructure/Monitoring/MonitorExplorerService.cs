using System.Globalization;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Monitoring;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Data;

namespace MlopsPortal.Infrastructure.Monitoring;

/// <summary>Baseline tables from a structured filter, the week-vs-week explorer and score distributions.</summary>
public sealed class MonitorExplorerService(IWarehouse warehouse, MonitorStore store, ICurrentUser currentUser)
{
    /// <summary>Creates <see cref="BaselineRequest.Output"/> from the source rows matching the filter; returns its row count.</summary>
    public async Task<long> CreateBaselineAsync(BaselineRequest request, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.DataScientist, "create baselines");
        var source = MonitorSpec.Id(request.Source, "baseline source");
        var output = MonitorSpec.Id(request.Output, "baseline output table");
        PortalTables.RefuseReserved(output);
        var info = await warehouse.DescribeTableAsync(source, ct) ?? throw new PortalValidationException($"The table {source} does not exist.");
        if (!request.Replace && await warehouse.DescribeTableAsync(output, ct) is not null)
            throw new PortalValidationException($"The table {output} already exists; ask to replace it.");
        var d = warehouse.Dialect;
        var (where, args) = StructuredFilter.Render(request.Filter ?? [], info, d);
        await warehouse.ExecuteAsync($"CREATE OR REPLACE TABLE {d.Quote(output)} AS SELECT * FROM {d.Quote(info.Name)}{where}", args, ct);
        return await warehouse.ScalarAsync<long>($"SELECT COUNT(*)::BIGINT FROM {d.Quote(output)}", ct: ct);
    }

    /// <summary>The explorer: <paramref name="column"/> in the windows starting at <paramref name="first"/> and <paramref name="second"/>.</summary>
    public async Task<WeekComparison> CompareWindowsAsync(string monitor, string column, DateTime first, DateTime second, CancellationToken ct = default)
    {
        var (spec, col) = await ResolveAsync(monitor, column, ct);
        var a = await WindowValuesAsync(spec, col, first, ct);
        var b = await WindowValuesAsync(spec, col, second, ct);
        return WeekComparison.Compare(a, b);
    }

    /// <summary>Baseline vs one window of a numeric column (score distribution chart): equal-width histograms on the shared range.</summary>
    public async Task<WeekComparison> BaselineVersusWindowAsync(string monitor, string column, DateTime window, CancellationToken ct = default)
    {
        var (spec, col) = await ResolveAsync(monitor, column, ct);
        var d = warehouse.Dialect;
        var baseline = await ValuesAsync($"SELECT CAST({d.Quote(col)} AS DOUBLE), COUNT(*)::BIGINT FROM {d.Quote(spec.Baseline)} WHERE {d.Quote(col)} IS NOT NULL GROUP BY ALL ORDER BY 1", null, ct);
        var w = await WindowValuesAsync(spec, col, window, ct);
        return WeekComparison.Compare(baseline, w);
    }

    private async Task<(MonitorSpec Spec, string Column)> ResolveAsync(string monitor, string column, CancellationToken ct)
    {
        await currentUser.RequireAsync(Role.Viewer, "explore monitors");
        var info = await store.GetAsync(monitor.ToUpperInvariant(), ct) ?? throw new PortalNotFoundException($"There is no monitor named {monitor}.");
        var table = await warehouse.DescribeTableAsync(info.Spec.Source, ct) ?? throw new PortalValidationException($"The source table {info.Spec.Source} does not exist.");
        var col = table.Column(column) ?? throw new PortalValidationException($"The source table {info.Spec.Source} has no column {column}.");
        if (col.Type is not (WarehouseType.Integer or WarehouseType.Double or WarehouseType.Decimal))
            throw new PortalValidationException($"Column {col.Name} is {col.NativeType}; the explorer compares numeric columns.");
        return (info.Spec, col.Name);
    }

    private Task<ValueCount[]> WindowValuesAsync(MonitorSpec spec, string column, DateTime start, CancellationToken ct)
    {
        var d = warehouse.Dialect;
        var ts = d.Quote(spec.TimestampColumn);
        return ValuesAsync(
            $"SELECT CAST({d.Quote(column)} AS DOUBLE), COUNT(*)::BIGINT FROM {d.Quote(spec.Source)} WHERE {d.Quote(column)} IS NOT NULL AND {ts} >= $start AND {ts} < $end GROUP BY ALL ORDER BY 1",
            new { start, end = start.AddDays(spec.AggregationWindowDays) }, ct);
    }

    private async Task<ValueCount[]> ValuesAsync(string sql, object? args, CancellationToken ct)
    {
        var list = new List<ValueCount>();
        await foreach (var batch in warehouse.StreamAsync(sql, args, ct: ct))
            list.AddRange(batch.Rows.Select(r => new ValueCount(Convert.ToDouble(r[0], CultureInfo.InvariantCulture), Convert.ToInt64(r[1], CultureInfo.InvariantCulture))));
        return [.. list];
    }
}
