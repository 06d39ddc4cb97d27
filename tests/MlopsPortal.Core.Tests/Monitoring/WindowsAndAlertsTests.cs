using MlopsPortal.Core.Monitoring;
using MlopsPortal.Core.Alerts;

namespace MlopsPortal.Core.Tests.Monitoring;

public sealed class WindowsAndAlertsTests
{
    [Fact]
    public void Windows_are_anchored_at_midnight_of_the_earliest_day()
    {
        var anchor = AggregationWindows.Anchor(new DateTime(2024, 12, 20, 13, 5, 0));
        Assert.Equal(new DateTime(2024, 12, 20), anchor);
        Assert.Equal(new DateTime(2024, 12, 20), AggregationWindows.WindowStart(new DateTime(2024, 12, 26, 23, 59, 59), anchor, 7));
        Assert.Equal(new DateTime(2024, 12, 27), AggregationWindows.WindowStart(new DateTime(2024, 12, 27), anchor, 7));
        Assert.Equal(new DateTime(2025, 1, 3), AggregationWindows.WindowStart(new DateTime(2025, 1, 5), anchor, 7));
        Assert.Equal(new DateTime(2025, 2, 14), AggregationWindows.WindowStart(new DateTime(2025, 2, 16), anchor, 7));
        Assert.Equal(-1, AggregationWindows.WindowIndex(new DateTime(2024, 12, 19, 23, 0, 0), anchor, 7));
        Assert.Equal(new DateTime(2024, 12, 13), AggregationWindows.WindowStart(new DateTime(2024, 12, 13), anchor, 7));
        Assert.Equal(3, AggregationWindows.WindowIndex(new DateTime(2024, 12, 23, 1, 0, 0), anchor, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => AggregationWindows.WindowIndex(anchor, anchor, 0));
        Assert.Throws<ArgumentException>(() => AggregationWindows.WindowIndex(anchor, anchor.AddHours(1), 7));
    }

    [Fact]
    public void Data_aligned_windows_start_on_the_datas_own_days_and_skip_gaps()
    {
        // The lab's WEEK_START_DATE: 2024-12-20, then a 16-day gap, then weekly from 2025-01-05 (times of day are dropped).
        DateTime[] days = [new(2025, 1, 12, 8, 0, 0), new(2024, 12, 20), new(2025, 1, 5), new(2025, 1, 19), new(2025, 1, 5, 23, 0, 0)];
        Assert.Equal([new DateTime(2024, 12, 20), new DateTime(2025, 1, 5), new DateTime(2025, 1, 12), new DateTime(2025, 1, 19)],
            AggregationWindows.DataAligned(days, 7));
        // 14-day windows: 12-20 covers to 01-02, 01-05 covers to 01-18, so 01-12 joins it and 01-19 starts the next.
        var twoWeeks = AggregationWindows.DataAligned(days, 14);
        Assert.Equal([new DateTime(2024, 12, 20), new DateTime(2025, 1, 5), new DateTime(2025, 1, 19)], twoWeeks);
        Assert.Equal(new DateTime(2025, 1, 5), AggregationWindows.StartOf(twoWeeks, new DateTime(2025, 1, 12, 8, 0, 0)));
        Assert.Null(AggregationWindows.StartOf(twoWeeks, new DateTime(2024, 12, 19)));
        Assert.Empty(AggregationWindows.DataAligned([], 7));
        Assert.Throws<ArgumentOutOfRangeException>(() => AggregationWindows.DataAligned(days, 0));
    }

    private static readonly MetricPoint[] F1 =
    [
        new(new DateTime(2025, 1, 31), 0.75),
        new(new DateTime(2025, 2, 7), 0.71),
        new(new DateTime(2025, 2, 14), 0.64),
        new(new DateTime(2025, 2, 16), null),
        new(new DateTime(2025, 2, 17), 0.5),
    ];

    [Fact]
    public void The_lab_f1_alert_fires_on_the_week_of_february_14()
    {
        var rule = new AlertRule(MetricNames.F1Score, null, Comparators.Parse("<"), 0.7, AlertTimeRange.Fixed(new DateOnly(2025, 2, 9), new DateOnly(2025, 2, 16)));
        var result = AlertEvaluation.Evaluate(rule, F1, new DateTime(2026, 11, 28, 9, 0, 0));
        Assert.True(result.Fired);
        Assert.Equal([new MetricPoint(new DateTime(2025, 2, 14), 0.64)], result.Breaches);
        Assert.Equal(1, result.PointsInRange);
        Assert.Equal((new DateTime(2025, 2, 9), new DateTime(2025, 2, 17)), (result.From, result.To));
        Assert.Equal("yes — F1_SCORE 0.64 in the window of 2025-02-14 (F1_SCORE < 0.7, 2025-02-09..2025-02-16)", result.Summary());
    }

    [Fact]
    public void Rolling_ranges_count_whole_days_back_from_the_evaluation_day()
    {
        var rule = new AlertRule(MetricNames.F1Score, null, Comparator.LessThanOrEqual, 0.71, AlertTimeRange.Rolling(7));
        var at = new DateTime(2025, 2, 14, 9, 0, 0);
        var result = AlertEvaluation.Evaluate(rule, F1, at);
        Assert.Equal(new DateTime(2025, 2, 7), result.From);
        Assert.Equal([new DateTime(2025, 2, 7), new DateTime(2025, 2, 14)], result.Breaches.Select(b => b.EventTimestamp));

        var calm = AlertEvaluation.Evaluate(new AlertRule(MetricNames.F1Score, null, Comparator.LessThan, 0.1, AlertTimeRange.Rolling(7)), F1, at);
        Assert.False(calm.Fired);
        Assert.StartsWith("no — 2 value(s) in range", calm.Summary());
        Assert.StartsWith("no — no F1_SCORE value", AlertEvaluation.Evaluate(rule, [], at).Summary());
    }

    [Fact]
    public void Drift_rules_name_their_column_and_compare_upwards()
    {
        var rule = new AlertRule(MetricNames.JensenShannon, "LOAN_AMOUNT_000S", Comparators.Parse(" >= "), 0.1, AlertTimeRange.Rolling(30));
        Assert.Equal("JENSEN_SHANNON(LOAN_AMOUNT_000S) >= 0.1", rule.Condition);
        Assert.True(AlertEvaluation.Evaluate(rule, [new(new DateTime(2025, 3, 1), 0.1)], new DateTime(2025, 3, 2)).Fired);
        Assert.False(Comparator.GreaterThan.Holds(double.NaN, 0));
    }

    [Fact]
    public void Bad_rules_get_messages_that_name_what_is_wrong()
    {
        Assert.Contains("'=='", Assert.Throws<ArgumentException>(() => Comparators.Parse("==")).Message);
        Assert.Contains("'F1'", Assert.Throws<ArgumentException>(() => new AlertRule("F1", null, Comparator.LessThan, 0.7, AlertTimeRange.Rolling(7))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlertRule(MetricNames.F1Score, null, Comparator.LessThan, double.NaN, AlertTimeRange.Rolling(7)));
        Assert.Throws<ArgumentException>(() => AlertTimeRange.Fixed(new DateOnly(2025, 2, 16), new DateOnly(2025, 2, 9)));
        Assert.Throws<ArgumentOutOfRangeException>(() => AlertTimeRange.Rolling(0));
    }

    [Fact]
    public void Cron_gives_the_next_occurrences_in_the_schedule_time_zone()
    {
        var from = new DateTime(2025, 2, 14, 9, 0, 0, DateTimeKind.Utc);
        Assert.Equal(
            [new DateTime(2025, 2, 15, 9, 0, 0, DateTimeKind.Utc), new DateTime(2025, 2, 16, 9, 0, 0, DateTimeKind.Utc), new DateTime(2025, 2, 17, 9, 0, 0, DateTimeKind.Utc)],
            CronSchedule.NextOccurrences("0 9 * * *", from, 3));
        Assert.Equal(
            [new DateTime(2025, 2, 15, 8, 0, 0, DateTimeKind.Utc)],
            CronSchedule.NextOccurrences("0 9 * * *", from, 1, "Europe/Paris"));
        Assert.Equal(
            [new DateTime(2025, 2, 14, 9, 0, 30, DateTimeKind.Utc)],
            CronSchedule.NextOccurrences("30 * * * * *", from, 1));
    }

    [Fact]
    public void Invalid_cron_and_time_zones_are_named_in_the_error()
    {
        var ex = Assert.Throws<ArgumentException>(() => CronSchedule.NextOccurrences("0 25 * * *", DateTime.UtcNow, 1));
        Assert.Contains("'0 25 * * *'", ex.Message);
        Assert.Contains("'0 9 * *'", CronSchedule.Validate("0 9 * *"));
        Assert.Null(CronSchedule.Validate("*/5 * * * *"));
        Assert.Contains("empty", CronSchedule.Validate(" "));
        Assert.Contains("'Mars/Olympus'", Assert.Throws<ArgumentException>(() => CronSchedule.ResolveTimeZone("Mars/Olympus")).Message);
    }
}
