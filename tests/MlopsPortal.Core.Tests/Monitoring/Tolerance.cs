using System.Text.Json;

namespace MlopsPortal.Core.Tests.Monitoring;

/// <summary>Golden comparisons: 1e-9 for counts and ratios, 1e-6 for the rest (relative to max(1, |expected|)).</summary>
internal static class Tolerance
{
    public const double Ratio = 1e-9;
    public const double Other = 1e-6;

    public static void Near(double? expected, double? actual, double tolerance, string what)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{what}: expected {Show(expected)}, got {Show(actual)}");
            return;
        }

        var scale = Math.Max(1.0, Math.Abs(expected.Value));
        Assert.True(
            Math.Abs(expected.Value - actual.Value) <= tolerance * scale,
            $"{what}: expected {expected.Value:R}, got {actual.Value:R} (tolerance {tolerance})");
    }

    public static void Near(JsonElement expected, double? actual, double tolerance, string what) =>
        Near(expected.ValueKind == JsonValueKind.Null ? null : expected.GetDouble(), actual, tolerance, what);

    public static void Equal(JsonElement expected, long actual, string what) =>
        Assert.True(expected.GetInt64() == actual, $"{what}: expected {expected.GetInt64()}, got {actual}");

    public static void Sequence(JsonElement expected, ReadOnlySpan<long> actual, string what)
    {
        var e = expected.EnumerateArray().Select(x => x.GetInt64()).ToArray();
        Assert.True(e.AsSpan().SequenceEqual(actual), $"{what}: expected [{string.Join(", ", e)}], got [{string.Join(", ", actual.ToArray())}]");
    }

    public static void Sequence(JsonElement expected, ReadOnlySpan<double> actual, double tolerance, string what)
    {
        var e = expected.EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.True(e.Length == actual.Length, $"{what}: expected {e.Length} values, got {actual.Length}");
        for (var i = 0; i < e.Length; i++)
        {
            Near(e[i], actual[i], tolerance, $"{what}[{i}]");
        }
    }

    private static string Show(double? v) => v is null ? "null" : v.Value.ToString("R");
}
