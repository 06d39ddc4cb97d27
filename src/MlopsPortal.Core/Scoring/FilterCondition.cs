using System.Globalization;
using System.Text;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Scoring;

/// <summary>One structured condition of a filter (users never type SQL): column, operator, value.</summary>
/// <remarks>The value may be sent as a JSON number (<c>"value": 5</c>); it is kept as text and bound by the column's type.</remarks>
public sealed record FilterCondition(string Column, string Op, [property: System.Text.Json.Serialization.JsonConverter(typeof(TextOrNumberConverter))] string Value);

/// <summary>Turns conditions into a WHERE clause over validated, quoted columns with bound values.</summary>
public static class FilterSql
{
    public static readonly IReadOnlyList<string> Operators = ["=", "!=", "<", "<=", ">", ">=", "is null", "is not null"];

    /// <returns>The clause (empty when there are no conditions, else starting with WHERE) and its parameters.</returns>
    public static (string Where, Dictionary<string, object?> Parameters) Build(
        IReadOnlyList<FilterCondition> conditions, TableInfo table, ISqlDialect dialect, string prefix = "f")
    {
        var parameters = new Dictionary<string, object?>();
        if (conditions.Count == 0) return ("", parameters);
        var sql = new StringBuilder("WHERE ");
        for (var i = 0; i < conditions.Count; i++)
        {
            var c = conditions[i];
            var column = table.Column(c.Column)
                ?? throw new PortalValidationException($"The filter names column {c.Column}, which {table.Name} does not have.");
            var op = c.Op.Trim().ToLowerInvariant();
            if (!Operators.Contains(op))
                throw new PortalValidationException($"The filter operator '{c.Op}' is not one of {string.Join(", ", Operators)}.");
            if (i > 0) sql.Append(" AND ");
            var quoted = dialect.Quote(column.Name);
            if (op is "is null" or "is not null")
            {
                sql.Append(quoted).Append(' ').Append(op.ToUpperInvariant());
                continue;
            }
            var name = $"{prefix}{i}";
            parameters[name] = Parse(c.Value, column);
            sql.Append(quoted).Append(' ').Append(op == "!=" ? "<>" : op).Append(' ').Append(dialect.Parameter(name));
        }
        return (sql.ToString(), parameters);
    }

    /// <summary>The value in the column's type, so comparisons mean what the user sees.</summary>
    private static object? Parse(string value, ColumnInfo column)
    {
        var v = value.Trim();
        bool ok;
        object? parsed;
        switch (column.Type)
        {
            case WarehouseType.Integer:
                ok = long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l);
                parsed = l;
                break;
            case WarehouseType.Double or WarehouseType.Decimal:
                ok = double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d);
                parsed = d;
                break;
            case WarehouseType.Timestamp or WarehouseType.Date:
                ok = DateTime.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t);
                parsed = t;
                break;
            case WarehouseType.Boolean:
                ok = bool.TryParse(v, out var b);
                parsed = b;
                break;
            default:
                return value;
        }
        return ok ? parsed : throw new PortalValidationException($"The filter value '{value}' is not a valid {column.NativeType} for column {column.Name}.");
    }
}
