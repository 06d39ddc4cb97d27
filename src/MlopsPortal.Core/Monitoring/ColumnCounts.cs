namespace MlopsPortal.Core.Monitoring;

/// <summary>
/// Row and non-null counts of one column in one window: <c>COUNT(*)::BIGINT, COUNT(c)::BIGINT</c>
/// (for floating columns, count NaN as missing: <c>COUNT(*) FILTER (WHERE c IS NOT NULL AND NOT isnan(c))</c>).
/// </summary>
public readonly record struct ColumnCounts(long Rows, long NonNull)
{
    /// <summary>COUNT_NULL: rows where the column is NULL (or NaN).</summary>
    public long CountNull => Rows - NonNull;

    /// <summary>The COUNT_NULL row to store for <paramref name="column"/> (countUsed = rows of the window).</summary>
    public MetricValue ToMetricValue(string column) => new(MetricNames.CountNull, column, CountNull, Rows);
}
