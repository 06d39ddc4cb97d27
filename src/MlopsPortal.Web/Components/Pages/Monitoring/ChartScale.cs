using System.Globalization;
using MudBlazor;

namespace MlopsPortal.Web.Components.Pages.Monitoring;

/// <summary>A value axis: drawn from <see cref="Min"/> to <see cref="Max"/> with a labelled tick every <see cref="Step"/>.</summary>
internal sealed record Axis(double Min, double Max, double Step)
{
    public IEnumerable<double> Ticks()
    {
        for (var i = 0; ; i++)
        {
            var t = Math.Round(Min + (i * Step), 10);
            if (t > Max + (Step / 1000)) yield break;
            yield return t;
        }
    }

    /// <summary>Where <paramref name="value"/> sits, 0 at the bottom of the axis and 1 at the top.</summary>
    public double Fraction(double value) => Max > Min ? (value - Min) / (Max - Min) : 0;
}

/// <summary>How the portal's charts scale their axes and label their dates; the charts draw what this computes.</summary>
internal static class ChartScale
{
    /// <summary>
    /// A "nice" axis (steps of 1, 2 or 5 × 10ⁿ) covering every value and threshold, starting at 0 for non-negative data so
    /// counts and rates are never read off a truncated axis.
    /// </summary>
    public static Axis Nice(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        var lo = Math.Min(0, finite.DefaultIfEmpty(0).Min());
        var hi = Math.Max(0, finite.DefaultIfEmpty(1).Max());
        if (hi - lo <= 0) hi = lo + 1;
        var step = NiceStep((hi - lo) / 5);
        return new Axis(Math.Floor(lo / step) * step, Math.Ceiling(hi / step) * step, step);
    }

    public static double NiceStep(double raw)
    {
        if (raw <= 0 || !double.IsFinite(raw)) return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var normalized = raw / magnitude;
        return (normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10) * magnitude;
    }

    /// <summary>A tick's label: the axis's own units, thousands grouped; percent only where the chart says so.</summary>
    public static string TickLabel(double value, double step, bool percent)
    {
        if (percent) return (value * 100).ToString(step * 100 >= 1 ? "0" : "0.#", CultureInfo.InvariantCulture) + " %";
        var decimals = step >= 1 ? 0 : Math.Min(6, (int)Math.Ceiling(-Math.Log10(step) - 1e-9));
        return value.ToString("#,0." + new string('#', decimals), CultureInfo.InvariantCulture);
    }

    /// <summary>Window labels: month-day, with the year on the first label and wherever the year changes.</summary>
    public static string[] DateLabels(IReadOnlyList<DateTime> windows) =>
        windows.Select((w, i) => i == 0 || windows[i - 1].Year != w.Year
            ? w.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : w.ToString("MM-dd", CultureInfo.InvariantCulture)).ToArray();

    private static readonly string[] KnownSeries =
    [
        "COUNT", "ACTUALS_COUNT", "F1_SCORE", "PRECISION", "RECALL", "ROC_AUC", "CLASSIFICATION_ACCURACY", "LOG_LOSS",
        "JENSEN_SHANNON", "HELLINGER", "POPULATION_STABILITY_INDEX", "predicted positive share", "actual positive share",
    ];

    private static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"];

    /// <summary>
    /// A series' colour, fixed by its metric name (the part before " (", so "F1_SCORE (A)" and "F1_SCORE (B)" share it and
    /// "Compare with" never repaints a line); the compared monitor's line is told apart by its dashes instead.
    /// </summary>
    public static string Colour(string series)
    {
        var key = series.Split(" (")[0];
        var known = Array.IndexOf(KnownSeries, key);
        if (known >= 0) return Palette[known % Palette.Length];
        var hash = 0u;
        foreach (var c in key) hash = unchecked((hash * 31) + c);
        return Palette[hash % (uint)Palette.Length];
    }

    public static BarChartOptions Bar(IEnumerable<double> values) => new()
    {
        YAxisTicks = Math.Max(1, (int)NiceStep(values.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(1).Max() / 5)),
        MaxNumYAxisTicks = 12,
        YAxisFormat = "0.##",
    };
}
