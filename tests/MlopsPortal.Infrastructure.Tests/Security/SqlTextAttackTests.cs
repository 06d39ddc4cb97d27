using System.Globalization;
using System.Text;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Snowflake;
using MlopsPortal.Infrastructure.Tests.Snowflake;
using MlopsPortal.Infrastructure.Tests.Warehouse;
using static MlopsPortal.TestKit.Snowflake.FakeSqlApiServer;

namespace MlopsPortal.Infrastructure.Tests.Security;

/// <summary>
/// Threat: a category value or name chosen by a user (a one-hot category, a comment) that tries to end its SQL literal
/// and add a statement. The one literal function (<see cref="SqlText"/>) keeps every value inside its literal on both
/// warehouses, and a Snowflake request always states the statement count the portal wrote.
/// </summary>
public sealed class SqlTextAttackTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    public static readonly TheoryData<string> Hostile =
    [
        "O'Brien",
        "x'; DROP TABLE PORTAL_USERS; --",
        @"x\'; DROP TABLE PORTAL_USERS; --",
        @"ends with a backslash \",
        @"\\'\\''",
        "line\nbreak\r\ttab\u0001\u001b\u007f",
        "$$ dollar $$; SELECT 1",
        "é ü 中文 ' \\",
    ];

    [Theory]
    [InlineData("O'Brien", false, "'O''Brien'")]
    [InlineData("O'Brien", true, "'O''Brien'")]
    [InlineData(@"a\", false, @"'a\'")]
    [InlineData(@"a\", true, @"'a\\'")]
    [InlineData(@"x\'; DROP", true, @"'x\\''; DROP'")]
    [InlineData("a\nb\tc\u0001", true, @"'a\nb\tc\x01'")]
    public void The_literal_is_written_for_the_warehouse(string value, bool backslashEscapes, string expected) =>
        Assert.Equal(expected, SqlText.Literal(value, backslashEscapes));

    [Fact]
    public void Nul_is_refused() =>
        Assert.Throws<PortalValidationException>(() => SqlText.Literal("a\0b", backslashEscapes: true));

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task DuckDB_reads_every_literal_back_as_the_value(string value)
    {
        using var temp = new TempWarehouse();
        var w = temp.Warehouse;
        Assert.Equal(value, await w.ScalarAsync<string>($"SELECT CAST({w.Dialect.TextLiteral(value)} AS VARCHAR)", ct: Ct));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Snowflake_reads_every_literal_back_as_the_value(string value)
    {
        var literal = new SnowflakeDialect().TextLiteral(value);
        Assert.Equal(value, ReadSnowflakeLiteral(literal));
        // The portal's statement scan (which sets MULTI_STATEMENT_COUNT) sees one statement whatever the value holds.
        Assert.Equal(1, SnowflakeParameters.Rewrite($"SELECT {literal} AS V", null).StatementCount);
    }

    [Fact]
    public async Task Every_request_states_its_statement_count_and_user_text_never_makes_it_multi_statement()
    {
        var (server, client, http) = SnowflakeTestKit.Start(_ => ResultSet("h", [Col("V", "TEXT")], [["x"]]));
        await using var _ = server;
        using var __ = http;
        var w = new SnowflakeWarehouse(client, new SnowflakeWarehouseOptions());
        var hostile = @"x\'; DROP TABLE PORTAL_USERS; SELECT '";

        await w.ScalarAsync<string>($"SELECT CASE WHEN CAST(\"C\" AS VARCHAR) = {w.Dialect.TextLiteral(hostile)} THEN 1.0 ELSE 0.0 END AS V", ct: Ct);
        await w.ScalarAsync<string>("SELECT $v AS V", new { v = hostile }, Ct);

        var submits = server.Submits.ToList();
        Assert.Equal(2, submits.Count);
        Assert.All(submits, s => Assert.Equal("1", s.Body!["parameters"]!["MULTI_STATEMENT_COUNT"]!.GetValue<string>()));
        Assert.DoesNotContain(hostile, submits[1].Statement); // bound, not spliced
    }

    /// <summary>Snowflake's reading of a '…' constant: '' is a quote; \\, \', \n, \r, \t, \b, \f, \0, \xhh escapes.</summary>
    private static string ReadSnowflakeLiteral(string literal)
    {
        Assert.StartsWith("'", literal);
        var text = new StringBuilder();
        var i = 1;
        while (true)
        {
            var c = literal[i++];
            if (c == '\'')
            {
                if (i < literal.Length && literal[i] == '\'')
                {
                    text.Append('\'');
                    i++;
                    continue;
                }
                Assert.Equal(literal.Length, i); // the literal ends exactly at its last character
                return text.ToString();
            }
            if (c != '\\')
            {
                text.Append(c);
                continue;
            }
            var e = literal[i++];
            switch (e)
            {
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case 't': text.Append('\t'); break;
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case '0': text.Append('\0'); break;
                case 'x':
                    text.Append((char)int.Parse(literal.AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                default: text.Append(e); break;
            }
        }
    }
}
