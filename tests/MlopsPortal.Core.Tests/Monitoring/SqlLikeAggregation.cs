using MlopsPortal.Core.Monitoring;

namespace MlopsPortal.Core.Tests.Monitoring;

/// <summary>
/// What the refresh job's SQL returns per window, built here row by row so the tests drive Core exactly as the job will:
/// counts and confusion counts, (score, positives, negatives) groups, the log-loss sum, (value, count) lists per
/// numeric column, (category, count) lists per categorical column, null counts.
/// </summary>
internal sealed class WindowAggregate
{
    private readonly SortedDictionary<double, (long Pos, long Neg)> scores = [];

    public long Rows { get; private set; }

    public long Count { get; private set; }

    public long ActualsCount { get; private set; }

    public ConfusionCounts Confusion { get; private set; }

    public double LogLossSum { get; private set; }

    public long LogLossCount { get; private set; }

    public Dictionary<string, SortedDictionary<double, long>> Values { get; } = [];

    public Dictionary<string, Dictionary<string, long>> Categories { get; } = [];

    public Dictionary<string, ColumnCounts> Nulls { get; } = [];

    public void AddPrediction(double actual, double predicted, double score)
    {
        Rows++;
        Count += double.IsNaN(predicted) ? 0 : 1;
        ActualsCount += double.IsNaN(actual) ? 0 : 1;
        if (!double.IsNaN(actual) && !double.IsNaN(predicted))
        {
            Confusion = Confusion.Add((int)actual, (int)predicted);
        }

        if (!double.IsNaN(actual) && !double.IsNaN(score))
        {
            var g = scores.GetValueOrDefault(score);
            scores[score] = actual == 1 ? (g.Pos + 1, g.Neg) : (g.Pos, g.Neg + 1);
            LogLossSum += LogLoss.Term((int)actual, score);
            LogLossCount++;
        }
    }

    public void AddNumeric(string column, double value)
    {
        var values = Values.TryGetValue(column, out var v) ? v : Values[column] = [];
        var n = Nulls.GetValueOrDefault(column);
        Nulls[column] = new ColumnCounts(n.Rows + 1, n.NonNull + (double.IsNaN(value) ? 0 : 1));
        if (!double.IsNaN(value))
        {
            values[value] = values.GetValueOrDefault(value) + 1;
        }
    }

    public void AddCategory(string column, string? value)
    {
        var cats = Categories.TryGetValue(column, out var c) ? c : Categories[column] = new(StringComparer.Ordinal);
        var n = Nulls.GetValueOrDefault(column);
        Nulls[column] = new ColumnCounts(n.Rows + 1, n.NonNull + (value is null ? 0 : 1));
        if (value is not null)
        {
            cats[value] = cats.GetValueOrDefault(value) + 1;
        }
    }

    /// <summary>Score groups; <paramref name="descending"/> mimics a query without ORDER BY score ascending.</summary>
    public ScoreGroup[] ScoreGroups(bool descending = false)
    {
        var groups = scores.Select(kv => new ScoreGroup(kv.Key, kv.Value.Pos, kv.Value.Neg));
        return descending ? groups.Reverse().ToArray() : groups.ToArray();
    }

    public PerformanceWindow Performance => new(Count, ActualsCount, Confusion, LogLossSum, LogLossCount);

    public ValueCount[] ValueCountsOf(string column) =>
        Values.TryGetValue(column, out var v) ? v.Select(kv => new ValueCount(kv.Key, kv.Value)).ToArray() : [];

    public CategoryCount[] CategoryCountsOf(string column) =>
        Categories.TryGetValue(column, out var c) ? c.Select(kv => new CategoryCount(kv.Key, kv.Value)).ToArray() : [];
}

/// <summary>The monitor spec of a golden set and the aggregation of a table into windows.</summary>
internal sealed record GoldenMonitor(
    string TimestampColumn,
    string ActualColumn,
    string PredictionColumn,
    string ScoreColumn,
    string[] NumericColumns,
    string[] CategoricalColumns,
    Func<CsvTable, string?[], double>? ScoreOf = null)
{
    public double Score(CsvTable table, string?[] row) =>
        ScoreOf is null ? table.Number(row, ScoreColumn) : ScoreOf(table, row);

    public WindowAggregate AggregateAll(CsvTable table, IEnumerable<string?[]> rows)
    {
        var agg = new WindowAggregate();
        foreach (var row in rows)
        {
            Add(agg, table, row);
        }

        return agg;
    }

    public (DateTime Anchor, SortedDictionary<DateTime, WindowAggregate> Windows) AggregateWindows(CsvTable table, int days)
    {
        var anchor = AggregationWindows.Anchor(table.Rows.Min(r => table.Time(r, TimestampColumn)));
        var windows = new SortedDictionary<DateTime, WindowAggregate>();
        foreach (var row in table.Rows)
        {
            var start = AggregationWindows.WindowStart(table.Time(row, TimestampColumn), anchor, days);
            if (!windows.TryGetValue(start, out var agg))
            {
                windows[start] = agg = new WindowAggregate();
            }

            Add(agg, table, row);
        }

        return (anchor, windows);
    }

    private void Add(WindowAggregate agg, CsvTable table, string?[] row)
    {
        if (table.Columns.Contains(ActualColumn))
        {
            agg.AddPrediction(table.Number(row, ActualColumn), PredictedOf(table, row), Score(table, row));
        }

        foreach (var c in NumericColumns)
        {
            agg.AddNumeric(c, c == ScoreColumn ? Score(table, row) : table.Number(row, c));
        }

        foreach (var c in CategoricalColumns)
        {
            agg.AddCategory(c, table.Text(row, c));
        }
    }

    private double PredictedOf(CsvTable table, string?[] row) =>
        table.Columns.Contains(PredictionColumn) ? table.Number(row, PredictionColumn) : (Score(table, row) > 0.5 ? 1 : 0);
}
