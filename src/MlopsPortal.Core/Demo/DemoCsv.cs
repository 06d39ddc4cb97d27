using System.Globalization;
using System.Text;

namespace MlopsPortal.Core.Demo;

/// <summary>Writes demo rows as CSV in the lab's format (header, <c>2024-12-20 00:00:00</c>, empty cell for a missing value).</summary>
public static class DemoCsv
{
    private const int RowsPerChunk = 4_096;

    public static async Task<long> WriteAsync(TextWriter writer, IEnumerable<object?[]> rows, CancellationToken ct = default)
    {
        await writer.WriteAsync(string.Join(',', DemoSchema.Columns.Select(c => c.Name)) + "\n");
        var chunk = new StringBuilder(RowsPerChunk * 100);
        var formatter = new RowFormatter();
        long count = 0;
        foreach (var row in rows)
        {
            formatter.Append(chunk, row);
            chunk.Append('\n');
            if (++count % RowsPerChunk == 0)
            {
                ct.ThrowIfCancellationRequested();
                await writer.WriteAsync(chunk, ct);
                chunk.Clear();
            }
        }
        await writer.WriteAsync(chunk, ct);
        await writer.FlushAsync(ct);
        return count;
    }

    public static string FormatRow(object?[] row)
    {
        var sb = new StringBuilder(100);
        new RowFormatter().Append(sb, row);
        return sb.ToString();
    }

    /// <summary>Formats values invariantly; remembers the last timestamp (rows of a week share it).</summary>
    private sealed class RowFormatter
    {
        private DateTime _lastDate;
        private string _lastDateText = "";

        public void Append(StringBuilder sb, object?[] row)
        {
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0)
                    sb.Append(',');
                switch (row[i])
                {
                    case null:
                        break;
                    case DateTime d:
                        if (d != _lastDate || _lastDateText.Length == 0)
                        {
                            _lastDate = d;
                            _lastDateText = d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                        }
                        sb.Append(_lastDateText);
                        break;
                    case double d:
                        sb.Append(d.ToString("0.0##", CultureInfo.InvariantCulture));
                        break;
                    case long l:
                        sb.Append(l);
                        break;
                    case string s when s.AsSpan().IndexOfAny(",\"\n\r") >= 0:
                        sb.Append('"').Append(s.Replace("\"", "\"\"")).Append('"');
                        break;
                    case string s:
                        sb.Append(s);
                        break;
                    case IFormattable f:
                        sb.Append(f.ToString(null, CultureInfo.InvariantCulture));
                        break;
                    default:
                        sb.Append(row[i]);
                        break;
                }
            }
        }
    }
}
