using System.Globalization;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Monitoring;

/// <summary>
/// A monitor's columns over the warehouse as it is now: drift on the monitored version's inputs (its signature's one-hot
/// mapping folded back to source columns) and the prediction columns, without columns that follow the timestamp, plus
/// and minus what the user set (docs/metrics.md, "Which columns drift").
/// </summary>
internal static class MonitorPlanning
{
    public static async Task<MonitorColumns> PlanAsync(IWarehouse warehouse, IRegistryStore? registry, MonitorSpec spec, CancellationToken ct)
    {
        var version = registry is null ? null : await registry.GetVersionAsync(spec.Model, spec.Version, ct);
        var source = await warehouse.DescribeTableAsync(spec.Source, ct);
        var inputs = version is null ? null : Inputs(version, source);
        var baseline = await warehouse.DescribeTableAsync(spec.Baseline, ct);
        var plan = MonitorColumns.Plan(spec, source, baseline, inputs);
        var followsTime = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in plan.Drift)
        {
            if (c.Kind == DriftKind.Numeric && !spec.IsPrediction(c.Name) && !spec.IncludeDriftColumns.Contains(c.Name, StringComparer.OrdinalIgnoreCase)
                && await FollowsTimeAsync(warehouse, spec, c.Name, ct))
                followsTime.Add(c.Name);
        }

        return followsTime.Count == 0 ? plan : MonitorColumns.Plan(spec, source, baseline, inputs, followsTime);
    }

    /// <summary>
    /// The source columns the version reads: its stored mapping, and its signature mapped onto the source as the import
    /// maps it (one-hot features recognised as &lt;COLUMN&gt;_&lt;value&gt;), for a version registered without a table or
    /// against another one; null when neither names a column of the source.
    /// </summary>
    private static IReadOnlySet<string>? Inputs(ModelVersion version, TableInfo? source)
    {
        var stored = MonitorColumns.ModelInputs(version.Preprocessing) ?? new HashSet<string>();
        if (source is null)
            return stored.Count == 0 ? null : stored;
        var mapped = MonitorColumns.ModelInputs(FeatureMapper.Map([.. version.Signature.Select(f => f.Name)], source.Columns)) ?? new HashSet<string>();
        var inputs = stored.Concat(mapped).Where(c => source.Column(c) is not null).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return inputs.Count == 0 ? null : inputs;
    }

    /// <summary>
    /// True when <paramref name="column"/> holds one value per timestamp that rises with it (a week number, a day index):
    /// its windows never overlap the baseline's, so its drift is 1 every window and says nothing about the model.
    /// </summary>
    private static async Task<bool> FollowsTimeAsync(IWarehouse warehouse, MonitorSpec spec, string column, CancellationToken ct)
    {
        var d = warehouse.Dialect;
        string ts = d.Quote(spec.TimestampColumn), c = d.Quote(column);
        var sql = $"""
            SELECT CAST(COUNT(*) AS BIGINT), CAST(COUNT(DISTINCT t) AS BIGINT), CAST(COUNT(DISTINCT v) AS BIGINT), CAST(SUM(CASE WHEN v <= p THEN 1 ELSE 0 END) AS BIGINT)
            FROM (SELECT t, v, LAG(v) OVER (ORDER BY t, v) AS p
                  FROM (SELECT DISTINCT {ts} AS t, {c} AS v FROM {d.Quote(spec.Source)} WHERE {ts} IS NOT NULL AND {c} IS NOT NULL) pairs) steps
            """;
        await foreach (var batch in warehouse.StreamAsync(sql, ct: ct))
        {
            if (batch.Rows.Count == 0) return false;
            var r = batch.Rows[0];
            long pairs = Convert.ToInt64(r[0], CultureInfo.InvariantCulture), times = Convert.ToInt64(r[1], CultureInfo.InvariantCulture),
                values = Convert.ToInt64(r[2], CultureInfo.InvariantCulture), falls = r[3] is null ? 0 : Convert.ToInt64(r[3], CultureInfo.InvariantCulture);
            return values > 1 && pairs == times && falls == 0;
        }

        return false;
    }
}
