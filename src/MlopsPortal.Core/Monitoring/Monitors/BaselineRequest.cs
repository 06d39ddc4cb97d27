using System.Text.Json;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Monitoring.Monitors;

/// <summary>One condition of a structured filter: column, operator and bound value(s); never raw SQL.</summary>
public sealed class FilterCondition
{
    public string? Column { get; set; }
    public string? Op { get; set; }
    public JsonElement? Value { get; set; }
    public JsonElement? Value2 { get; set; }
}

/// <summary>Make a baseline table from <see cref="Source"/> rows matching every condition (e.g. WEEK between 1 and 5).</summary>
public sealed class BaselineRequest
{
    public string? Source { get; set; }
    public string? Output { get; set; }
    public List<FilterCondition>? Filter { get; set; }
    public bool Replace { get; set; }
}

/// <summary>Renders a structured filter as a WHERE clause with quoted identifiers and bound parameters.</summary>
public static class StructuredFilter
{
    public static readonly IReadOnlyList<string> Operators = ["=", "!=", "<", "<=", ">", ">=", "between", "is null", "is not null"];

    /// <summary>The WHERE clause (empty when no condition) and its parameters (p0, p1, …).</summary>
    public static (string Where, Dictionary<string, object?> Parameters) Render(IReadOnlyList<FilterCondition> conditions, TableInfo table, ISqlDialect d)
    {
        var parts = new List<string>();
        var args = new Dictionary<string, object?>();
        foreach (var c in conditions)
        {
            var column = table.Column(c.Column ?? string.Empty)
                ?? throw new PortalValidationException($"The filter names column '{c.Column}', which {table.Name} does not have.");
            var op = (c.Op ?? "=").Trim().ToLowerInvariant();
            var q = d.Quote(column.Name);
            string P(JsonElement? v, string what)
            {
                var name = "p" + args.Count;
                args[name] = Value(v, column, what);
                return d.Parameter(name);
            }

            parts.Add(op switch
            {
                "=" or "!=" or "<" or "<=" or ">" or ">=" => $"{q} {(op == "!=" ? "<>" : op)} {P(c.Value, "value")}",
                "between" => $"{q} BETWEEN {P(c.Value, "value")} AND {P(c.Value2, "value2")}",
                "is null" => $"{q} IS NULL",
                "is not null" => $"{q} IS NOT NULL",
                _ => throw new PortalValidationException($"Unknown filter operator '{c.Op}' on {column.Name}; use one of {string.Join(", ", Operators)}."),
            });
        }

        return (parts.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", parts), args);
    }

    private static object? Value(JsonElement? v, ColumnInfo column, string what)
    {
        if (v is not { } e || e.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            throw new PortalValidationException($"The filter on {column.Name} needs a {what}.");
        var text = e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
        try
        {
            return column.Type switch
            {
                WarehouseType.Integer => long.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
                WarehouseType.Double or WarehouseType.Decimal => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
                WarehouseType.Timestamp or WarehouseType.Date => DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
                WarehouseType.Boolean => bool.Parse(text),
                _ => text,
            };
        }
        catch (FormatException)
        {
            throw new PortalValidationException($"The filter {what} '{text}' is not a valid {column.NativeType} for column {column.Name}.");
        }
    }
}
