using System.Globalization;

namespace MlopsPortal.Trees.Sql;

/// <summary>The SQL dialects the compiler writes.</summary>
public enum SqlDialectKind
{
    DuckDb,
    Snowflake,
}

/// <summary>The few dialect-specific pieces of a compiled model.</summary>
internal interface ISqlDialect
{
    string QuoteIdentifier(string name);

    /// <summary>A DOUBLE-typed literal holding exactly <paramref name="value"/>.</summary>
    string DoubleLiteral(double value);

    /// <summary>A numeric column as compared with DOUBLE literals.</summary>
    string NumericColumn(string quotedName);
}

internal sealed class StandardDialect(SqlDialectKind kind) : ISqlDialect
{
    public SqlDialectKind Kind { get; } = kind;

    public static ISqlDialect For(SqlDialectKind kind) => kind switch
    {
        SqlDialectKind.DuckDb or SqlDialectKind.Snowflake => new StandardDialect(kind),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown SQL dialect."),
    };

    public string QuoteIdentifier(string name)
    {
        if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' cannot be used as a column name.", nameof(name));
        }

        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    // Scientific notation makes both DuckDB and Snowflake type the literal as DOUBLE (not DECIMAL);
    // 17 significant digits round-trip every double.
    public string DoubleLiteral(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"Cannot write the non-finite number {value} as SQL.", nameof(value));
        }

        return value.ToString("E16", CultureInfo.InvariantCulture);
    }

    // Both engines compare INTEGER/DECIMAL/REAL/DOUBLE columns with a DOUBLE literal in DOUBLE, which is exact for
    // REAL and DOUBLE values; an explicit CAST doubles DuckDB's bind time on large models, so none is written.
    public string NumericColumn(string quotedName) => quotedName;
}
