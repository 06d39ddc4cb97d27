using System.Globalization;
using System.Text.Json;

namespace MlopsPortal.Infrastructure.Snowflake.SqlApi;

/// <summary>One positional binding as the SQL API wants it: a Snowflake type and the value as a string.</summary>
public sealed record SnowflakeBinding(string Type, string? Value)
{
    /// <summary>Maps a .NET value to its binding; timestamps are sent as UTC wall clock (TIMESTAMP_NTZ).</summary>
    public static SnowflakeBinding From(object? value) => value switch
    {
        null or DBNull => new("TEXT", null),
        string s => new("TEXT", s),
        char c => new("TEXT", c.ToString()),
        bool b => new("BOOLEAN", b ? "true" : "false"),
        byte or sbyte or short or ushort or int or uint or long or ulong or System.Numerics.BigInteger =>
            new("FIXED", Convert.ToString(value, CultureInfo.InvariantCulture)),
        decimal m => new("FIXED", m.ToString(CultureInfo.InvariantCulture)),
        float f => new("REAL", f.ToString("R", CultureInfo.InvariantCulture)),
        double d => new("REAL", d.ToString("R", CultureInfo.InvariantCulture)),
        // Date/time values go as ISO text: Snowflake casts such strings implicitly on insert and comparison
        // (TIMESTAMP_INPUT_FORMAT AUTO), which avoids relying on the epoch encodings the SQL API docs leave vague.
        DateTime dt => new("TEXT", (dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime() : dt).ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture)),
        DateTimeOffset dto => new("TEXT", dto.ToString("yyyy-MM-dd HH:mm:ss.fffffff zzz", CultureInfo.InvariantCulture)),
        DateOnly d => new("TEXT", d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        TimeSpan t => new("TEXT", t.ToString("c", CultureInfo.InvariantCulture)),
        Guid g => new("TEXT", g.ToString()),
        Enum e => new("TEXT", e.ToString()),
        byte[] bytes => new("BINARY", Convert.ToHexString(bytes)),
        JsonElement j => new("TEXT", j.GetRawText()),
        _ => throw new ArgumentException($"A value of type {value.GetType().Name} cannot be bound to a Snowflake statement."),
    };
}

/// <summary>What the portal sends: the SQL text with <c>?</c> placeholders and their bindings in order.</summary>
public sealed record SnowflakeStatement(string Sql, IReadOnlyList<SnowflakeBinding>? Bindings = null)
{
    /// <summary>Number of ';'-separated statements the portal wrote, sent as MULTI_STATEMENT_COUNT (never 0, "any").</summary>
    public int StatementCount { get; init; } = 1;

    /// <summary>Server-side timeout in seconds (0 = Snowflake's maximum); null leaves the client's default.</summary>
    public int? TimeoutSeconds { get; init; }
}

/// <summary>A column of <c>resultSetMetaData.rowType</c>.</summary>
public sealed record SnowflakeColumn(string Name, string Type, int Precision = 0, int Scale = 0, bool Nullable = true, long Length = 0);

/// <summary>A finished statement: its columns, the raw cells of partition 0, and how many partitions there are.</summary>
public sealed class SnowflakeResult
{
    public required string? StatementHandle { get; init; }
    public IReadOnlyList<string> StatementHandles { get; init; } = [];
    public required IReadOnlyList<SnowflakeColumn> Columns { get; init; }
    public required IReadOnlyList<string?[]> FirstPartition { get; init; }
    public int PartitionCount { get; init; } = 1;
    public long NumRows { get; init; }
    public long RowsInserted { get; init; }
    public long RowsUpdated { get; init; }
    public long RowsDeleted { get; init; }

    /// <summary>True when the response carried DML stats.</summary>
    public bool HasStats { get; init; }

    /// <summary>Rows inserted + updated + deleted by a DML statement; -1 when Snowflake did not say.</summary>
    public long AffectedRows => HasStats ? RowsInserted + RowsUpdated + RowsDeleted : -1;

    internal static SnowflakeResult Parse(JsonElement root)
    {
        var columns = new List<SnowflakeColumn>();
        var partitions = 1;
        long numRows = 0;
        if (root.TryGetProperty("resultSetMetaData", out var meta) && meta.ValueKind == JsonValueKind.Object)
        {
            if (meta.TryGetProperty("rowType", out var rowType))
                foreach (var c in rowType.EnumerateArray())
                    columns.Add(new SnowflakeColumn(
                        c.GetProperty("name").GetString() ?? "",
                        (c.GetProperty("type").GetString() ?? "TEXT").ToUpperInvariant(),
                        Int(c, "precision"), Int(c, "scale"),
                        !c.TryGetProperty("nullable", out var n) || n.ValueKind != JsonValueKind.False,
                        Long(c, "length")));
            if (meta.TryGetProperty("partitionInfo", out var info) && info.ValueKind == JsonValueKind.Array)
                partitions = Math.Max(1, info.GetArrayLength());
            numRows = Long(meta, "numRows");
        }
        var stats = root.TryGetProperty("stats", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        return new SnowflakeResult
        {
            StatementHandle = Str(root, "statementHandle"),
            StatementHandles = root.TryGetProperty("statementHandles", out var hs) && hs.ValueKind == JsonValueKind.Array
                ? hs.EnumerateArray().Select(h => h.GetString() ?? "").ToArray()
                : [],
            Columns = columns,
            FirstPartition = ParseData(root),
            PartitionCount = partitions,
            NumRows = numRows,
            HasStats = stats.ValueKind == JsonValueKind.Object,
            RowsInserted = stats.ValueKind == JsonValueKind.Object ? Long(stats, "numRowsInserted") : 0,
            RowsUpdated = stats.ValueKind == JsonValueKind.Object ? Long(stats, "numRowsUpdated") : 0,
            RowsDeleted = stats.ValueKind == JsonValueKind.Object ? Long(stats, "numRowsDeleted") : 0,
        };
    }

    internal static IReadOnlyList<string?[]> ParseData(JsonElement root)
    {
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            return [];
        var rows = new List<string?[]>(data.GetArrayLength());
        foreach (var r in data.EnumerateArray())
        {
            var row = new string?[r.GetArrayLength()];
            var i = 0;
            foreach (var cell in r.EnumerateArray())
                row[i++] = cell.ValueKind == JsonValueKind.Null ? null : cell.ValueKind == JsonValueKind.String ? cell.GetString() : cell.GetRawText();
            rows.Add(row);
        }
        return rows;
    }

    internal static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int Int(JsonElement e, string name) => (int)Long(e, name);

    private static long Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.Number => v.TryGetInt64(out var l) ? l : 0,
            JsonValueKind.String => long.TryParse(v.GetString(), CultureInfo.InvariantCulture, out var l) ? l : 0,
            _ => 0,
        } : 0;
}
