namespace MlopsPortal.Core.Alerts;

/// <summary>
/// The metric points an alert rule looks at, by their event timestamp (the window start):
/// either a fixed range of whole days, <see cref="Start"/> 00:00 ≤ t &lt; (<see cref="End"/> + 1 day) 00:00,
/// or the last N days relative to the evaluation time: (evaluation day − N days) 00:00 ≤ t ≤ evaluation time
/// (Snowflake's <c>t &gt;= DATEADD(day, -N, CURRENT_DATE())</c>).
/// </summary>
public sealed record AlertTimeRange
{
    private AlertTimeRange(DateOnly? start, DateOnly? end, int? lastDays)
    {
        Start = start;
        End = end;
        LastDays = lastDays;
    }

    /// <summary>First day of a fixed range.</summary>
    public DateOnly? Start { get; }

    /// <summary>Last day (inclusive) of a fixed range.</summary>
    public DateOnly? End { get; }

    /// <summary>Days back from the evaluation day, for a rolling range.</summary>
    public int? LastDays { get; }

    /// <summary>A fixed range of whole days, both inclusive.</summary>
    public static AlertTimeRange Fixed(DateOnly start, DateOnly end) => end >= start
        ? new AlertTimeRange(start, end, null)
        : throw new ArgumentException($"The alert range ends ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd}).", nameof(end));

    /// <summary>The rolling range of the last <paramref name="days"/> days.</summary>
    public static AlertTimeRange Rolling(int days) => days >= 1
        ? new AlertTimeRange(null, null, days)
        : throw new ArgumentOutOfRangeException(nameof(days), days, "lastDays must be at least 1.");

    /// <summary>The concrete bounds at <paramref name="evaluationTime"/>: From inclusive, To exclusive.</summary>
    public (DateTime From, DateTime To) Resolve(DateTime evaluationTime) => LastDays is { } days
        ? (evaluationTime.Date.AddDays(-days), evaluationTime.AddTicks(1))
        : (Start!.Value.ToDateTime(TimeOnly.MinValue), End!.Value.AddDays(1).ToDateTime(TimeOnly.MinValue));

    /// <inheritdoc/>
    public override string ToString() => LastDays is { } days
        ? $"last {days} days"
        : $"{Start:yyyy-MM-dd}..{End:yyyy-MM-dd}";
}
