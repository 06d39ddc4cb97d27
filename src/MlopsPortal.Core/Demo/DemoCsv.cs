using System.Globalization;

namespace MlopsPortal.Core.Demo;

/// <summary>Writes demo rows as CSV in the lab's format (header, <c>2024-12-20 00:00:00</c>, empty cell for a missing value).</summary>
public static class DemoCsv
{
    public static async Task<long> WriteAsync(TextWriter writer, IEnumerable<object?[]> rows, CancellationToken ct = default)
    {
        await writer.WriteAsync(string.Join(',', DemoSchema.Columns.Select(c => c.Name)) + "\n");
        long count = 0;
        foreach (var row in rows)
        {
            await writer.WriteAsync(FormatRow(row) + "\n");
            if ((++count & 0x3FFF) == 0)
                ct.ThrowIfCancellationRequested();
        }
        await writer.FlushAsync(ct);
        return count;
    }

    public static string FormatRow(object?[] row) => string.Join(',', row.Select(Format));

    private static string Format(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        double d => d.ToString("0.0##", CultureInfo.InvariantCulture),
        string s when s.IndexOfAny([',', '"', '\n', '\r']) >= 0 => "\"" + s.Replace("\"", "\"\"") + "\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
