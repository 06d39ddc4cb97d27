namespace MlopsPortal.Core.Monitoring;

/// <summary>
/// Windows of N days anchored at midnight of the earliest timestamp's day: window k covers
/// [anchor + k·N days, anchor + (k+1)·N days). Timestamps are taken as they are stored (no time-zone conversion;
/// the warehouse stores TIMESTAMP_NTZ / UTC). The lab: anchor 2024-12-20, 7 days → windows start 12-20, 12-27, 01-03, …
/// <para>
/// SQL (DuckDB): <c>$anchor + INTERVAL (FLOOR(date_diff('day', $anchor, ts) / $n) * $n) DAY</c>
/// where <c>$anchor = date_trunc('day', MIN(ts))</c>; for ts ≥ anchor <c>date_diff('day', …)</c> counts whole days
/// because the anchor is a midnight. Snowflake: <c>DATEADD(day, FLOOR(DATEDIFF(day, :anchor, ts) / :n) * :n, :anchor)</c>.
/// </para>
/// </summary>
public static class AggregationWindows
{
    /// <summary>Midnight of the earliest timestamp's day.</summary>
    public static DateTime Anchor(DateTime earliest) => earliest.Date;

    /// <summary>The 0-based window index of <paramref name="timestamp"/> (negative before the anchor).</summary>
    public static long WindowIndex(DateTime timestamp, DateTime anchor, int days)
    {
        if (days < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(days), days, "An aggregation window lasts at least one day.");
        }

        if (anchor.TimeOfDay != TimeSpan.Zero)
        {
            throw new ArgumentException($"The window anchor {anchor:O} must be a midnight; use Anchor(earliest).", nameof(anchor));
        }

        var width = TimeSpan.TicksPerDay * days;
        var delta = timestamp.Ticks - anchor.Ticks;
        var index = delta / width;
        return delta < 0 && delta % width != 0 ? index - 1 : index; // floor division
    }

    /// <summary>The start of the window holding <paramref name="timestamp"/> (same <see cref="DateTime.Kind"/> as the anchor).</summary>
    public static DateTime WindowStart(DateTime timestamp, DateTime anchor, int days) =>
        anchor.AddDays(WindowIndex(timestamp, anchor, days) * days);

    /// <summary>The end (exclusive) of the window starting at <paramref name="windowStart"/>.</summary>
    public static DateTime WindowEnd(DateTime windowStart, int days) => windowStart.AddDays(days);
}
