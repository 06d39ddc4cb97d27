using System.Globalization;

namespace MlopsPortal.Core.Alerts;

/// <summary>The outcome of evaluating an <see cref="AlertRule"/> at one time.</summary>
/// <param name="Fired">True when at least one point breached.</param>
/// <param name="Breaches">The breaching points, by event timestamp.</param>
/// <param name="PointsInRange">How many points (with a value) were inside the range.</param>
/// <param name="From">Range start (inclusive) used.</param>
/// <param name="To">Range end (exclusive) used.</param>
public sealed record AlertEvaluation(
    AlertRule Rule,
    bool Fired,
    IReadOnlyList<MetricPoint> Breaches,
    int PointsInRange,
    DateTime From,
    DateTime To)
{
    /// <summary>
    /// Evaluates <paramref name="rule"/> on the points of its metric and column at <paramref name="evaluationTime"/>.
    /// Points outside the range, and points without a finite value, are ignored. Pure, O(points).
    /// </summary>
    public static AlertEvaluation Evaluate(AlertRule rule, IEnumerable<MetricPoint> points, DateTime evaluationTime)
    {
        var (from, to) = rule.Range.Resolve(evaluationTime);
        var breaches = new List<MetricPoint>();
        var inRange = 0;
        foreach (var point in points)
        {
            if (point.EventTimestamp < from || point.EventTimestamp >= to || point.Value is not { } value || !double.IsFinite(value))
            {
                continue;
            }

            inRange++;
            if (rule.Comparator.Holds(value, rule.Threshold))
            {
                breaches.Add(point);
            }
        }

        breaches.Sort(static (a, b) => a.EventTimestamp.CompareTo(b.EventTimestamp));
        return new AlertEvaluation(rule, breaches.Count > 0, breaches, inRange, from, to);
    }

    /// <summary>
    /// A one-line summary for previews, history and emails, e.g.
    /// "yes — F1_SCORE 0.64 in the window of 2025-02-09 (F1_SCORE &lt; 0.7, 2025-02-09..2025-02-16)".
    /// </summary>
    public string Summary()
    {
        var scope = $"({Rule.Condition}, {Rule.Range})";
        if (!Fired)
        {
            return PointsInRange == 0 ? $"no — no {Rule.Metric} value in range {scope}" : $"no — {PointsInRange} value(s) in range, none breaching {scope}";
        }

        var parts = Breaches.Take(3).Select(b =>
            $"{Rule.Metric} {b.Value!.Value.ToString("0.####", CultureInfo.InvariantCulture)} in the window of {b.EventTimestamp:yyyy-MM-dd}");
        var more = Breaches.Count > 3 ? $" and {Breaches.Count - 3} more" : string.Empty;
        return $"yes — {string.Join("; ", parts)}{more} {scope}";
    }
}
