using System.Text;
using MlopsPortal.Infrastructure.Snowflake.SqlApi;

namespace MlopsPortal.Infrastructure.Snowflake;

/// <summary>
/// Every statement the Snowflake adapter generates on its own, built in one place so tests compare each with golden SQL.
/// Names go through <see cref="SnowflakeDialect.Quote"/>; values only ever travel as bindings.
/// </summary>
public static class SnowflakeStatements
{
    private static readonly SnowflakeDialect D = SnowflakeDialect.Instance;

    public const string TestConnection = "SELECT CURRENT_USER() AS USER_NAME, CURRENT_ROLE() AS ROLE_NAME, CURRENT_WAREHOUSE() AS WAREHOUSE_NAME";

    public const string ListTables =
        "SELECT t.TABLE_NAME, t.ROW_COUNT, c.COLUMN_NAME, c.DATA_TYPE, c.NUMERIC_SCALE, c.IS_NULLABLE " +
        "FROM INFORMATION_SCHEMA.TABLES t JOIN INFORMATION_SCHEMA.COLUMNS c " +
        "ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME " +
        "WHERE t.TABLE_SCHEMA = CURRENT_SCHEMA() AND t.TABLE_TYPE = 'BASE TABLE' " +
        "ORDER BY t.TABLE_NAME, c.ORDINAL_POSITION";

    /// <summary>One table's columns; the name is bound (upper-cased, as <see cref="SnowflakeDialect.Quote"/> creates it).</summary>
    public static SnowflakeStatement DescribeTable(string table) => new(
        "SELECT t.TABLE_NAME, t.ROW_COUNT, c.COLUMN_NAME, c.DATA_TYPE, c.NUMERIC_SCALE, c.IS_NULLABLE " +
        "FROM INFORMATION_SCHEMA.TABLES t JOIN INFORMATION_SCHEMA.COLUMNS c " +
        "ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME " +
        "WHERE t.TABLE_SCHEMA = CURRENT_SCHEMA() AND t.TABLE_NAME = ? " +
        "ORDER BY c.ORDINAL_POSITION",
        [SnowflakeBinding.From(Core.Warehouse.Identifier.Validate(table, "table name").ToUpperInvariant())]);

    /// <summary>
    /// Chunked bulk write: one multi-row INSERT with a binding per value. <paramref name="columns"/> are the target's
    /// columns in order; every row must have that many values.
    /// </summary>
    public static SnowflakeStatement InsertValues(string table, IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows)
    {
        if (rows.Count == 0)
            throw new ArgumentException("An INSERT needs at least one row.", nameof(rows));
        var sql = new StringBuilder("INSERT INTO ").Append(D.QuoteOwn(table)).Append(" (")
            .AppendJoin(", ", columns.Select(D.Quote)).Append(") VALUES ");
        var placeholders = "(" + string.Join(", ", Enumerable.Repeat("?", columns.Count)) + ")";
        var bindings = new List<SnowflakeBinding>(rows.Count * columns.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].Length != columns.Count)
                throw new ArgumentException(
                    $"Row {r + 1} for table '{table}' has {rows[r].Length} values but the table has {columns.Count} columns.");
            sql.Append(r == 0 ? "" : ", ").Append(placeholders);
            bindings.AddRange(rows[r].Select(SnowflakeBinding.From));
        }
        return new SnowflakeStatement(sql.ToString(), bindings);
    }

    /// <summary>A staging table with the target's columns; TRANSIENT because it lives minutes and needs no Fail-safe.</summary>
    public static string CreateStagingLike(string staging, string target) =>
        $"CREATE TRANSIENT TABLE {D.QuoteOwn(staging)} LIKE {D.QuoteOwn(target)}";

    /// <summary>Exchanges two tables' contents and metadata in one atomic metadata operation.</summary>
    public static string Swap(string target, string staging) =>
        $"ALTER TABLE {D.QuoteOwn(target)} SWAP WITH {D.QuoteOwn(staging)}";

    /// <summary>Publishes a staging table under a name no table has yet: one atomic statement.</summary>
    public static string Rename(string staging, string target) =>
        $"ALTER TABLE {D.Quote(staging)} RENAME TO {D.Quote(target)}";

    public static string InsertFromStaging(string target, string staging) =>
        $"INSERT INTO {D.QuoteOwn(target)} SELECT * FROM {D.QuoteOwn(staging)}";

    public static string DropIfExists(string table) => $"DROP TABLE IF EXISTS {D.QuoteOwn(table)}";

    /// <summary>The staging table's name: target + a run-unique suffix, still a valid identifier.</summary>
    public static string StagingName(string target, Guid id) =>
        Core.Warehouse.Identifier.Validate(target, "table name") + "__STG_" + id.ToString("N")[..12].ToUpperInvariant();

    /// <summary>
    /// The buffered writes of a transaction as ONE multi-statement request: BEGIN, the statements, COMMIT.
    /// Bindings are positional across the whole request, so each statement's bindings follow the previous ones'.
    /// </summary>
    public static SnowflakeStatement Transaction(IReadOnlyList<SnowflakeStatement> statements)
    {
        var sql = new StringBuilder("BEGIN TRANSACTION;\n");
        var bindings = new List<SnowflakeBinding>();
        foreach (var s in statements)
        {
            sql.Append(s.Sql.TrimEnd().TrimEnd(';')).Append(";\n");
            bindings.AddRange(s.Bindings ?? []);
        }
        sql.Append("COMMIT;");
        return new SnowflakeStatement(sql.ToString(), bindings) { StatementCount = statements.Sum(st => Math.Max(1, st.StatementCount)) + 2 };
    }

    /// <summary>
    /// DDL commits on its own in Snowflake, so inside a portal transaction it runs at once; only DML is buffered for
    /// the atomic commit.
    /// </summary>
    public static bool IsDdl(string sql)
    {
        var s = sql.TrimStart();
        while (s.StartsWith("--", StringComparison.Ordinal) || s.StartsWith("/*", StringComparison.Ordinal))
        {
            var end = s.StartsWith("--", StringComparison.Ordinal) ? s.IndexOf('\n') : s.IndexOf("*/", StringComparison.Ordinal) + 1;
            s = end <= 0 ? "" : s[(end + 1)..].TrimStart();
        }
        var word = new string(s.TakeWhile(char.IsAsciiLetter).ToArray()).ToUpperInvariant();
        return word is "CREATE" or "ALTER" or "DROP" or "COMMENT" or "GRANT" or "REVOKE" or "UNDROP";
    }
}
