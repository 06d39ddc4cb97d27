using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Snowflake;
using MlopsPortal.Infrastructure.Snowflake.SqlApi;

namespace MlopsPortal.Infrastructure.Tests.Snowflake;

/// <summary>Every statement the Snowflake adapter generates, compared with golden SQL.</summary>
public sealed class SnowflakeSqlGoldenTests
{
    private static readonly SnowflakeDialect D = SnowflakeDialect.Instance;

    [Fact]
    public void Dialect_quotes_upper_cased_validated_names_and_maps_types()
    {
        Assert.Equal("\"VERSION\"", D.Quote("version"));
        Assert.Equal("\"MY_FV$V1\"", D.Quote("My_Fv$v1"));
        Assert.Throws<InvalidIdentifierException>(() => D.Quote("x\"; DROP TABLE T; --"));
        Assert.Equal(
            ["BOOLEAN", "NUMBER(19,0)", "FLOAT", "NUMBER(18,4)", "VARCHAR", "TIMESTAMP_NTZ", "DATE"],
            new[] { WarehouseType.Boolean, WarehouseType.Integer, WarehouseType.Double, WarehouseType.Decimal, WarehouseType.Text, WarehouseType.Timestamp, WarehouseType.Date }
                .Select(D.TypeName));
        Assert.Equal("'2025-02-14 13:45:00.250000'::TIMESTAMP_NTZ", D.TimestampLiteral(new DateTime(2025, 2, 14, 13, 45, 0, 250)));
        Assert.Equal("$run", D.Parameter("run"));
        Assert.Equal(WarehouseType.Integer, SnowflakeDialect.FromNative("NUMBER", 0));
        Assert.Equal(WarehouseType.Decimal, SnowflakeDialect.FromNative("NUMBER", 2));
        Assert.Equal(WarehouseType.Timestamp, SnowflakeDialect.FromNative("TIMESTAMP_NTZ"));
        Assert.Equal(WarehouseType.Text, SnowflakeDialect.FromNative("TEXT"));
    }

    [Fact]
    public void Named_parameters_become_positional_bindings_outside_literals_and_comments()
    {
        var s = SnowflakeParameters.Rewrite(
            "SELECT $1, 'it''s $name', \"$col\", $$ $name $$ FROM T -- $name\n WHERE A = $name AND B = $Other /* $name */ OR C = $name",
            new { name = "x", other = 7 });

        Assert.Equal("SELECT $1, 'it''s $name', \"$col\", $$ $name $$ FROM T -- $name\n WHERE A = ? AND B = ? /* $name */ OR C = ?", s.Sql);
        Assert.Equal([new SnowflakeBinding("TEXT", "x"), new SnowflakeBinding("FIXED", "7"), new SnowflakeBinding("TEXT", "x")], s.Bindings);
        var e = Assert.Throws<ArgumentException>(() => SnowflakeParameters.Rewrite("SELECT $missing", new { name = 1 }));
        Assert.Contains("$missing", e.Message);
    }

    [Fact]
    public void A_chunk_insert_binds_every_value()
    {
        var s = SnowflakeStatements.InsertValues("scores", ["id", "score", "label"], [[1L, 0.5, "a"], [2L, null, "b"]]);

        Assert.Equal("INSERT INTO \"SCORES\" (\"ID\", \"SCORE\", \"LABEL\") VALUES (?, ?, ?), (?, ?, ?)", s.Sql);
        Assert.Equal(6, s.Bindings!.Count);
        Assert.Equal(new SnowflakeBinding("REAL", "0.5"), s.Bindings[1]);
        Assert.Equal(new SnowflakeBinding("TEXT", null), s.Bindings[4]);
        Assert.Contains("Row 2", Assert.Throws<ArgumentException>(() =>
            SnowflakeStatements.InsertValues("t", ["a", "b"], [[1, 2], [3]])).Message);
    }

    [Fact]
    public void Staging_swap_and_catalog_statements()
    {
        var staging = SnowflakeStatements.StagingName("scored", Guid.Parse("0123456789abcdef0123456789abcdef"));
        Assert.Equal("scored__STG_0123456789AB", staging);
        Assert.Equal("CREATE TRANSIENT TABLE \"SCORED__STG_0123456789AB\" LIKE \"SCORED\"", SnowflakeStatements.CreateStagingLike(staging, "scored"));
        Assert.Equal("ALTER TABLE \"SCORED\" SWAP WITH \"SCORED__STG_0123456789AB\"", SnowflakeStatements.Swap("scored", staging));
        Assert.Equal("INSERT INTO \"SCORED\" SELECT * FROM \"SCORED__STG_0123456789AB\"", SnowflakeStatements.InsertFromStaging("scored", staging));
        Assert.Equal("DROP TABLE IF EXISTS \"SCORED__STG_0123456789AB\"", SnowflakeStatements.DropIfExists(staging));
        Assert.Equal("SELECT CURRENT_USER() AS USER_NAME, CURRENT_ROLE() AS ROLE_NAME, CURRENT_WAREHOUSE() AS WAREHOUSE_NAME",
            SnowflakeStatements.TestConnection);
        var describe = SnowflakeStatements.DescribeTable("loans");
        Assert.Equal(
            "SELECT t.TABLE_NAME, t.ROW_COUNT, c.COLUMN_NAME, c.DATA_TYPE, c.NUMERIC_SCALE, c.IS_NULLABLE " +
            "FROM INFORMATION_SCHEMA.TABLES t JOIN INFORMATION_SCHEMA.COLUMNS c " +
            "ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME " +
            "WHERE t.TABLE_SCHEMA = CURRENT_SCHEMA() AND t.TABLE_NAME = ? ORDER BY c.ORDINAL_POSITION", describe.Sql);
        Assert.Equal([new SnowflakeBinding("TEXT", "LOANS")], describe.Bindings);
        Assert.Equal(
            "SELECT t.TABLE_NAME, t.ROW_COUNT, c.COLUMN_NAME, c.DATA_TYPE, c.NUMERIC_SCALE, c.IS_NULLABLE " +
            "FROM INFORMATION_SCHEMA.TABLES t JOIN INFORMATION_SCHEMA.COLUMNS c " +
            "ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME " +
            "WHERE t.TABLE_SCHEMA = CURRENT_SCHEMA() AND t.TABLE_TYPE = 'BASE TABLE' ORDER BY t.TABLE_NAME, c.ORDINAL_POSITION",
            SnowflakeStatements.ListTables);
    }

    [Fact]
    public void A_dollar_inside_a_name_is_not_a_parameter()
    {
        // An alert's action and an unquoted feature view name: nothing to bind, the text goes as written.
        var sql = "CALL SYSTEM$SEND_EMAIL('INT', 'a@b.c', 's', 'b'); SELECT * FROM MORTGAGE_FEATURE_VIEW$V1 WHERE X = $x";
        var s = SnowflakeParameters.Rewrite(sql, new { x = 1 });
        Assert.Equal("CALL SYSTEM$SEND_EMAIL('INT', 'a@b.c', 's', 'b'); SELECT * FROM MORTGAGE_FEATURE_VIEW$V1 WHERE X = ?", s.Sql);
        Assert.Equal([new SnowflakeBinding("FIXED", "1")], s.Bindings);
    }

    [Fact]
    public void A_transaction_is_one_multi_statement_request_with_bindings_in_order()
    {
        var s = SnowflakeStatements.Transaction([
            SnowflakeParameters.Rewrite("DELETE FROM OUT WHERE RUN_ID = $run;", new { run = "r1" }),
            new SnowflakeStatement(SnowflakeStatements.InsertFromStaging("out", "OUT__STG_1")),
            SnowflakeParameters.Rewrite("UPDATE RUNS SET ROWS = $rows WHERE ID = $run", new { run = "r1", rows = 5 }),
        ]);

        Assert.Equal("""
            BEGIN TRANSACTION;
            DELETE FROM OUT WHERE RUN_ID = ?;
            INSERT INTO "OUT" SELECT * FROM "OUT__STG_1";
            UPDATE RUNS SET ROWS = ? WHERE ID = ?;
            COMMIT;
            """.ReplaceLineEndings("\n"), s.Sql);
        Assert.Equal(5, s.StatementCount);
        Assert.Equal(["r1", "5", "r1"], s.Bindings!.Select(b => b.Value));
    }

    [Theory]
    [InlineData("CREATE TABLE X (A INT)", true)]
    [InlineData("  -- note\n alter table X add column B INT", true)]
    [InlineData("/* c */ DROP TABLE X", true)]
    [InlineData("INSERT INTO X VALUES (1)", false)]
    [InlineData("DELETE FROM X", false)]
    [InlineData("TRUNCATE TABLE X", false)]
    public void Ddl_is_told_from_dml(string sql, bool ddl) => Assert.Equal(ddl, SnowflakeStatements.IsDdl(sql));
}
