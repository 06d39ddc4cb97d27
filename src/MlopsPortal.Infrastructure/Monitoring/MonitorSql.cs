using MlopsPortal.Core.Monitoring;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Monitoring;

/// <summary>
/// The refresh's aggregate queries (DuckDB dialect, Core/Monitoring/README.md): every query reads the source through
/// <c>WITH s AS (SELECT *, &lt;window start&gt; AS __W FROM source)</c>, groups by (window, segment value) and orders by it
/// so the finishing code streams one group at a time. A row's window is the last of <paramref name="starts"/> at or before
/// its timestamp (an ASOF join; the starts are the data-aligned windows, AggregationWindows.DataAligned). Identifiers are
/// quoted; the window starts are literals the portal generates, never user text.
/// </summary>
internal sealed class MonitorSql(MonitorSpec spec, ISqlDialect d, IReadOnlyList<DateTime> starts, IReadOnlyCollection<DateTime>? windows)
{
    public string Q(string column) => d.Quote(column);

    /// <summary>The SQL that lists the distinct days holding a timestamp, from which the windows are aligned.</summary>
    public static string DataDays(MonitorSpec spec, ISqlDialect d) =>
        $"SELECT DISTINCT CAST(date_trunc('day', CAST({d.Quote(spec.TimestampColumn)} AS TIMESTAMP)) AS TIMESTAMP) AS day FROM {d.Quote(spec.Source)} " +
        $"WHERE {d.Quote(spec.TimestampColumn)} IS NOT NULL ORDER BY 1";

    private string From => starts.Count == 0
        ? $"WITH s AS (SELECT *, CAST(NULL AS TIMESTAMP) AS __W FROM {Q(spec.Source)} WHERE FALSE) "
        : $"WITH __ws(__W) AS (VALUES {string.Join(", ", starts.Select(w => $"({d.TimestampLiteral(w)})"))}), " +
          $"s AS (SELECT __src.*, __ws.__W FROM {Q(spec.Source)} __src ASOF JOIN __ws ON CAST(__src.{Q(spec.TimestampColumn)} AS TIMESTAMP) >= __ws.__W) ";

    private string Where(params string[] conditions)
    {
        var parts = new List<string>(conditions);
        if (windows is not null)
            parts.Add(windows.Count == 0 ? "FALSE" : $"__W IN ({string.Join(", ", windows.Select(d.TimestampLiteral))})");
        return parts.Count == 0 ? "" : " WHERE " + string.Join(" AND ", parts);
    }

    public static string Segment(ISqlDialect d, string? segmentColumn) =>
        segmentColumn is null ? "''" : $"COALESCE(CAST({d.Quote(segmentColumn)} AS VARCHAR), '(null)')";

    public string Fingerprints(IEnumerable<string> sourceColumns) =>
        From +
        $"SELECT __W AS w, COUNT(*)::BIGINT AS n, CAST(SUM(CAST(hash({string.Join(", ", sourceColumns.Select(Q))}) AS HUGEINT)) % 9223372036854775783 AS BIGINT) AS h FROM s GROUP BY ALL ORDER BY w";

    public string BaselineFingerprint(IEnumerable<string> baselineColumns) =>
        $"SELECT COUNT(*)::BIGINT AS n, COALESCE(CAST(SUM(CAST(hash({string.Join(", ", baselineColumns.Select(Q))}) AS HUGEINT)) % 9223372036854775783 AS BIGINT), 0) AS h FROM {Q(spec.Baseline)}";

    public string Performance(string? segment)
    {
        var pred = spec.PredictionClass is { } p ? Q(p) : "CAST(NULL AS INTEGER)";
        var actual = spec.ActualClass is { } a ? Q(a) : "CAST(NULL AS INTEGER)";
        string logLoss = "CAST(NULL AS DOUBLE)", logCount = "CAST(0 AS BIGINT)";
        if (spec.PredictionScore is { } sc && spec.ActualClass is not null)
        {
            var filter = $"FILTER (WHERE {Q(sc)} IS NOT NULL AND {actual} IS NOT NULL)";
            logLoss = $"SUM({LogLoss.SqlSumExpression(actual, Q(sc))}) {filter}";
            logCount = $"COUNT(*) {filter}::BIGINT";
        }

        return From + $"""
            SELECT __W AS w, {Segment(d, segment)} AS seg, COUNT({pred})::BIGINT, COUNT({actual})::BIGINT,
              COUNT(*) FILTER (WHERE {pred} = 1 AND {actual} = 1)::BIGINT, COUNT(*) FILTER (WHERE {pred} = 1 AND {actual} = 0)::BIGINT,
              COUNT(*) FILTER (WHERE {pred} = 0 AND {actual} = 0)::BIGINT, COUNT(*) FILTER (WHERE {pred} = 0 AND {actual} = 1)::BIGINT,
              {logLoss}, {logCount}
            FROM s{Where()} GROUP BY ALL ORDER BY 1, 2
            """;
    }

    public string? ScoreGroups(string? segment)
    {
        if (spec.PredictionScore is not { } sc || spec.ActualClass is not { } a)
            return null;
        return From + $"SELECT __W AS w, {Segment(d, segment)} AS seg, CAST({Q(sc)} AS DOUBLE) AS v, SUM({Q(a)})::BIGINT, SUM(1 - {Q(a)})::BIGINT " +
            $"FROM s{Where($"{Q(sc)} IS NOT NULL", $"{Q(a)} IS NOT NULL")} GROUP BY ALL ORDER BY 1, 2, 3";
    }

    public string NullCounts(string? segment, IReadOnlyList<(string Column, bool IsFloat)> columns) =>
        From + $"SELECT __W AS w, {Segment(d, segment)} AS seg, COUNT(*)::BIGINT" +
        string.Concat(columns.Select(c => $", COUNT(*) FILTER (WHERE {NotMissing(c.Column, c.IsFloat)})::BIGINT")) +
        $" FROM s{Where()} GROUP BY ALL ORDER BY 1, 2";

    public string NumericValues(string? segment, DriftColumn c) =>
        From + $"SELECT __W AS w, {Segment(d, segment)} AS seg, CAST({Q(c.Name)} AS DOUBLE) AS v, COUNT(*)::BIGINT " +
        $"FROM s{Where(NotMissing(c.Name, true))} GROUP BY ALL ORDER BY 1, 2, 3";

    public string Categories(string? segment, DriftColumn c) =>
        From + $"SELECT __W AS w, {Segment(d, segment)} AS seg, CAST({Q(c.Name)} AS VARCHAR) AS v, COUNT(*)::BIGINT " +
        $"FROM s{Where($"{Q(c.Name)} IS NOT NULL")} GROUP BY ALL ORDER BY 1, 2, 3";

    public string BaselineNumeric(DriftColumn c) =>
        $"SELECT CAST({Q(c.Name)} AS DOUBLE) AS v, COUNT(*)::BIGINT FROM {Q(spec.Baseline)} WHERE {NotMissing(c.Name, true)} GROUP BY ALL ORDER BY 1";

    public string BaselineCategories(DriftColumn c) =>
        $"SELECT CAST({Q(c.Name)} AS VARCHAR) AS v, COUNT(*)::BIGINT FROM {Q(spec.Baseline)} WHERE {Q(c.Name)} IS NOT NULL GROUP BY ALL ORDER BY 1";

    private string NotMissing(string column, bool isFloat) =>
        isFloat ? $"{Q(column)} IS NOT NULL AND NOT isnan(CAST({Q(column)} AS DOUBLE))" : $"{Q(column)} IS NOT NULL";
}
