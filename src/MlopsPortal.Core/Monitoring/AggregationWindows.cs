namespace MlopsPortal.Core.Monitoring;

/// <summary>
/// A monitor's windows are aligned to the data (<see cref="DataAligned"/>, docs/metrics.md "Windows"): each starts at
/// midnight of a day the data has. The fixed-anchor arithmetic below is kept for the reference aggregation of the
/// golden tests, whose windows it reproduces. Windows of N days anchored at midnight of the earliest timestamp's day: window k covers
/// [anchor + k·N days, anchor + (k+1)·N days). Timestamps are taken as they are stored (no time-zone conversion;
/// the warehouse stores TIMESTAMP_NTZ / UTC). The lab: anchor 2024-12-20, 7 days → windows start 12-20, 12-27, 01-03, …
/// (which is why the portal aligns to the data instead: 01-03 is not a date the lab's data has).
/// <para>
/// SQL (DuckDB): <c>$anchor + INTERVAL (FLOOR(date_diff('day', $anchor, ts) / $n) * $n) DAY</c>
/// where <c>$anchor = date_trunc('day', MIN(ts))</c>; for ts ≥ anchor <c>date_diff('day', …)</c> counts whole days
/// because the anchor is a midnight. Snowflake: <c>DATEADD(day, FLOOR(DATEDIFF(day, :anchor, ts) / :n) * :n, :anchor)</c>.
/// </para>
/// </summary>
public static class AggregationWindows
{
    /// <summary>
    /// Windows of <paramref name="days"/> days that start on the data's own days: the first at the earliest day, each next
    /// one at the first day holding data on or after the previous start + <paramref name="days"/>. So every window starts on
    /// a date the data has (the lab: 2024-12-20, then 2025-01-05, 01-12, … where WEEK_START_DATE is), holds data, and
    /// window k covers [start k, start k + days): a gap in the data is skipped, never shown as an empty window.
    /// </summary>
    /// <param name="dataDays">The distinct days (any order, any time of day: the date is taken) that hold a timestamp.</param>
    public static IReadOnlyList<DateTime> DataAligned(IEnumerable<DateTime> dataDays, int days)
    {
        if (days < 1)
            throw new ArgumentOutOfRangeException(nameof(days), days, "An aggregation window lasts at least one day.");
        var starts = new List<DateTime>();
        foreach (var day in dataDays.Select(d => d.Date).Distinct().Order())
        {
            if (starts.Count == 0 || day >= starts[^1].AddDays(days))
                starts.Add(day);
        }

        return starts;
    }

    /// <summary>The start of the data-aligned window holding <paramref name="timestamp"/>: the last start at or before it; null before the first.</summary>
    public static DateTime? StartOf(IReadOnlyList<DateTime> starts, DateTime timestamp)
    {
        var i = BinarySearchLastAtOrBefore(starts, timestamp);
        return i < 0 ? null : starts[i];
    }

    private static int BinarySearchLastAtOrBefore(IReadOnlyList<DateTime> starts, DateTime t)
    {
        int lo = 0, hi = starts.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (starts[mid] <= t) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }

        return found;
    }

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
