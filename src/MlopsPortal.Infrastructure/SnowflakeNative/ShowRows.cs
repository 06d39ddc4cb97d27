using System.Globalization;
using System.Text.Json;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.SnowflakeNative;

/// <summary>
/// Rows of SHOW output and metric table functions, read by column name (case-insensitive) because Snowflake adds
/// columns over time and returns SHOW columns in lower case.
/// </summary>
public sealed class ShowRow(IReadOnlyDictionary<string, int> index, object?[] values)
{
    public static async Task<IReadOnlyList<ShowRow>> ReadAsync(IWarehouse warehouse, string sql, CancellationToken ct)
    {
        var rows = new List<ShowRow>();
        await foreach (var batch in warehouse.StreamAsync(sql, ct: ct))
        {
            var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < batch.Columns.Count; i++) index.TryAdd(batch.Columns[i], i);
            rows.AddRange(batch.Rows.Select(r => new ShowRow(index, r)));
        }
        return rows;
    }

    public object? Raw(string column) => index.TryGetValue(column, out var i) && i < values.Length ? values[i] : null;

    /// <summary>The first of <paramref name="columns"/> present in the row (for names that differ between functions).</summary>
    public object? RawAny(params string[] columns) =>
        columns.Select(c => index.ContainsKey(c) ? Raw(c) : null).FirstOrDefault(v => v is not null);

    public string? Text(string column) => Raw(column) switch
    {
        null or DBNull => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    public bool Bool(string column) => Raw(column) switch
    {
        bool b => b,
        string s => s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("Y", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    public double? Numeric(string column) => Number(Raw(column));

    public static double? Number(object? value) => value switch
    {
        null or DBNull => null,
        double d => d,
        string s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
        IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
        _ => null,
    };

    public DateTime? Time(string column) => Raw(column) switch
    {
        DateTime t => t,
        DateTimeOffset o => o.UtcDateTime,
        string s when DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) => t,
        _ => null,
    };

    /// <summary>A JSON array column (e.g. SHOW VERSIONS' aliases) as strings; empty when missing or not an array.</summary>
    public IReadOnlyList<string> JsonArray(string column)
    {
        var text = Text(column);
        if (string.IsNullOrWhiteSpace(text)) return [];
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == JsonValueKind.Array
                ? doc.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>A JSON object column of string values (e.g. SHOW MODELS' aliases: alias → version).</summary>
    public IReadOnlyDictionary<string, string> JsonObject(string column)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var text = Text(column);
        if (string.IsNullOrWhiteSpace(text)) return result;
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return result;
            foreach (var p in doc.RootElement.EnumerateObject())
                result[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        }
        catch (JsonException)
        {
        }
        return result;
    }
}
