using System.Globalization;
using MlopsPortal.Core.Monitoring;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Monitoring;

/// <summary>
/// Runs <see cref="MonitorSql"/>'s queries for one grouping (whole source or one segment column) and finishes each
/// (window, segment value) group in Core as its rows stream in: memory holds one group's distinct values at a time.
/// </summary>
internal sealed class WindowMetricComputer(IWarehouse warehouse, MonitorColumns plan, MonitorSql sql, TableInfo source)
{
    private readonly Dictionary<string, NumericBaseline> numericBaselines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<CategoryCount>> categoricalBaselines = new(StringComparer.Ordinal);

    private IEnumerable<DriftColumn> DriftColumns => plan.Drift.Where(c => c.InBaseline);

    public async Task LoadBaselineAsync(CancellationToken ct)
    {
        foreach (var c in DriftColumns)
        {
            if (c.Kind == DriftKind.Numeric)
            {
                var values = new List<ValueCount>();
                await foreach (var batch in warehouse.StreamAsync(sql.BaselineNumeric(c), ct: ct))
                    values.AddRange(batch.Rows.Select(r => new ValueCount(D(r[0]), L(r[1]))));
                if (values.Count > 0)
                    numericBaselines[c.Name] = NumericBaseline.FromValueCounts(values.ToArray());
            }
            else
            {
                var values = new List<CategoryCount>();
                await foreach (var batch in warehouse.StreamAsync(sql.BaselineCategories(c), ct: ct))
                    values.AddRange(batch.Rows.Select(r => new CategoryCount((string)r[0]!, L(r[1]))));
                if (values.Count > 0)
                    categoricalBaselines[c.Name] = values;
            }
        }
    }

    public async Task ComputeAsync(string? segment, List<(DateTime, string, string, MetricValue)> output, CancellationToken ct)
    {
        var segCol = segment ?? "";
        void Add(DateTime w, string seg, IEnumerable<MetricValue> values)
        {
            foreach (var v in values)
                output.Add((w, segCol, seg, v));
        }

        // Score groups first (kept per group: a few thousand distinct scores per window at most in practice).
        var scores = new Dictionary<(DateTime, string), ScoreGroup[]>();
        if (sql.ScoreGroups(segment) is { } scoreSql)
        {
            await GroupedAsync(scoreSql, r => new ScoreGroup(D(r[2]), L(r[3]), L(r[4])), (w, s, list) => scores[(w, s)] = [.. list], ct);
        }

        await GroupedAsync(sql.Performance(segment), r => r, (w, s, list) =>
        {
            var r = list[0];
            var window = new PerformanceWindow(L(r[2]), L(r[3]), new ConfusionCounts(L(r[4]), L(r[5]), L(r[6]), L(r[7])),
                r[8] is null ? null : D(r[8]), L(r[9]));
            var groups = scores.TryGetValue((w, s), out var g) ? g : [];
            Add(w, s, PerformanceMetrics.Compute(window, groups).ToMetricValues());
        }, ct);

        var nullColumns = source.Columns.Where(c => !string.Equals(c.Name, plan.Spec.TimestampColumn, StringComparison.OrdinalIgnoreCase))
            .Select(c => (c.Name, c.Type == WarehouseType.Double)).ToList();
        await GroupedAsync(sql.NullCounts(segment, nullColumns), r => r, (w, s, list) =>
        {
            var r = list[0];
            Add(w, s, nullColumns.Select((c, i) => new ColumnCounts(L(r[2]), L(r[3 + i])).ToMetricValue(c.Name)));
        }, ct);

        foreach (var c in DriftColumns)
        {
            if (c.Kind == DriftKind.Numeric && numericBaselines.TryGetValue(c.Name, out var nb))
            {
                await GroupedAsync(sql.NumericValues(segment, c), r => new ValueCount(D(r[2]), L(r[3])), (w, s, list) =>
                {
                    var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);
                    Add(w, s, NumericDrift.Compute(nb, span).ToMetricValues(c.Name, ValueCounts.Total(span)));
                }, ct);
            }
            else if (c.Kind == DriftKind.Categorical && categoricalBaselines.TryGetValue(c.Name, out var cb))
            {
                await GroupedAsync(sql.Categories(segment, c), r => new CategoryCount((string)r[2]!, L(r[3])), (w, s, list) =>
                    Add(w, s, CategoricalDrift.Compute(cb, list).ToMetricValues(c.Name, list.Sum(x => x.Count))), ct);
            }
        }
    }

    /// <summary>Streams a query ordered by (window, segment) and calls <paramref name="flush"/> once per group.</summary>
    private async Task GroupedAsync<T>(string query, Func<object?[], T> map, Action<DateTime, string, List<T>> flush, CancellationToken ct)
    {
        var list = new List<T>();
        DateTime? w = null;
        var seg = "";
        await foreach (var batch in warehouse.StreamAsync(query, batchSize: 8_192, ct: ct)) // small batches: a 10M-row refresh stays in budget
        {
            foreach (var r in batch.Rows)
            {
                var rw = Convert.ToDateTime(r[0], CultureInfo.InvariantCulture);
                var rs = (string)r[1]!;
                if (w is not null && (rw != w || rs != seg))
                {
                    flush(w.Value, seg, list);
                    list = [];
                }

                w = rw;
                seg = rs;
                list.Add(map(r));
            }
        }

        if (w is not null)
            flush(w.Value, seg, list);
    }

    private static double D(object? o) => Convert.ToDouble(o, CultureInfo.InvariantCulture);

    private static long L(object? o) => o is null ? 0 : Convert.ToInt64(o, CultureInfo.InvariantCulture);
}
