using MudBlazor;

namespace MlopsPortal.Web.Components.Pages.Monitoring;

/// <summary>
/// Axis options that fit the data. MudBlazor's tick spacing is a whole number (default 20), so series of ratios
/// (all |v| ≤ 1) are charted in percent; the raw-value tables keep the exact numbers.
/// </summary>
internal static class ChartScale
{
    public static double Factor(IEnumerable<double> values) =>
        values.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max() <= 1 ? 100 : 1;

    public static int Step(IEnumerable<double> scaled)
    {
        var max = scaled.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(1).Max();
        if (max <= 0) return 1;
        var raw = max / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var normalized = raw / magnitude;
        return Math.Max(1, (int)((normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10) * magnitude));
    }

    public static LineChartOptions Line(IEnumerable<double> scaled) => new()
    {
        YAxisTicks = Step(scaled),
        MaxNumYAxisTicks = 12,
        YAxisFormat = "0.##",
        XAxisLabelRotation = 45,
    };

    public static BarChartOptions Bar(IEnumerable<double> scaled) => new()
    {
        YAxisTicks = Step(scaled),
        MaxNumYAxisTicks = 12,
        YAxisFormat = "0.##",
    };
}
