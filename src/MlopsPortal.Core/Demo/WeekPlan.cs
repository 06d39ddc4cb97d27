namespace MlopsPortal.Core.Demo;

/// <summary>One stretch of rows: a week and whether its applicants are the recurring profiles or one-off ones.</summary>
internal sealed record WeekSegment(int Week, bool OneOff, long Rows);

/// <summary>Splits any number of rows over the weeks in the lab's proportions (largest remainder, exact total).</summary>
internal static class WeekPlan
{
    public static IReadOnlyList<WeekSegment> For(DemoTable table, long rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var shape = new List<(int Week, bool OneOff, long Weight)>();
        if (table == DemoTable.InferenceMortgageData)
        {
            for (var w = 1; w <= 25; w++)
                shape.Add((w, false, w <= 23 ? 200 : 100));
        }
        else
        {
            for (var w = 20; w <= 27; w++)
                shape.Add((w, false, 500));
            shape.Add((28, true, 300));
            shape.Add((28, false, 550));
            shape.Add((29, false, 200));
            shape.Add((30, false, 250));
        }
        var total = shape.Sum(s => s.Weight);
        var exact = shape.Select(s => (double)rows * s.Weight / total).ToArray();
        var counts = exact.Select(e => (long)Math.Floor(e)).ToArray();
        var left = rows - counts.Sum();
        foreach (var i in Enumerable.Range(0, counts.Length).OrderByDescending(i => exact[i] - counts[i]).ThenBy(i => i).Take((int)left))
            counts[i]++;
        return shape.Select((s, i) => new WeekSegment(s.Week, s.OneOff, counts[i])).ToList();
    }
}
