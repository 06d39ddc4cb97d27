using System.Globalization;
using System.Text.RegularExpressions;
using static MlopsPortal.TestKit.Snowflake.FakeSqlApiServer;

namespace MlopsPortal.TestKit.Snowflake;

/// <summary>
/// Scratch schemas for <c>mlops snowflake check</c>: the fake keeps the schemas created, the rows bound into each
/// table, and a scored table whose scores come from <see cref="Scorer"/> (the fake cannot run the compiled model; the
/// test plays Snowflake's part with the portal's predictor, or a wrong one). Tables exist only inside a created schema,
/// and the request's schema context decides which.
/// </summary>
public sealed partial class FakeSnowflakeAccount
{
    private static readonly string[] ConfusionColumns = ["TP", "FP", "FN", "TN"];

    private FakeRequest? _request;

    public HashSet<string> Schemas { get; } = [];
    public List<string> DroppedSchemas { get; } = [];
    public Dictionary<(string Schema, string Table), List<string?[]>> Tables { get; } = [];

    /// <summary>Snowflake's part in CREATE TABLE SCORED AS SELECT …: the score of each bound row, in ROW_NO order.</summary>
    public Func<IReadOnlyList<string?[]>, double[]>? Scorer { get; set; }

    private double[] _scores = [];

    private FakeResponse? Sandbox(string sql)
    {
        Match m;
        var schema = _request?.Body?["schema"]?.GetValue<string>() ?? "";
        if (sql.StartsWith("SELECT CURRENT_USER()", StringComparison.Ordinal))
            return Text(["USER_NAME", "ROLE_NAME", "WAREHOUSE_NAME"], [[SnowflakeTestKitUser, "ML_ROLE", "ML_WH"]]);
        if ((m = CreateSchema().Match(sql)).Success)
        {
            Schemas.Add(m.Groups[1].Value);
            return Done();
        }
        if ((m = DropSchema().Match(sql)).Success)
        {
            Schemas.Remove(m.Groups[1].Value);
            DroppedSchemas.Add(m.Groups[1].Value);
            foreach (var key in Tables.Keys.Where(k => k.Schema == m.Groups[1].Value).ToList())
                Tables.Remove(key);
            return Done();
        }
        if (!Schemas.Contains(schema))
            return null;
        if ((m = CreateScored().Match(sql)).Success)
        {
            var rows = Tables[(schema, "INFERENCEMORTGAGEDATA")];
            _scores = Scorer?.Invoke(rows) ?? throw new KeyNotFoundException("Scorer");
            Tables[(schema, m.Groups[1].Value)] = rows;
            return Done();
        }
        if ((m = CreateTable().Match(sql)).Success)
        {
            Tables[(schema, m.Groups[1].Value)] = [];
            return Done();
        }
        if ((m = InsertValues().Match(sql)).Success)
        {
            var table = Tables[(schema, m.Groups[1].Value)];
            var width = m.Groups[2].Value.Split(',').Length;
            var values = _request!.Body!["bindings"]!.AsObject().OrderBy(b => int.Parse(b.Key, CultureInfo.InvariantCulture))
                .Select(b => b.Value!["value"]?.GetValue<string>()).ToList();
            table.AddRange(values.Chunk(width));
            return ResultSet("h-ins", [Col("number of rows inserted", "FIXED")], [[(values.Count / width).ToString(CultureInfo.InvariantCulture)]]);
        }
        if ((m = CountRows().Match(sql)).Success)
            return ResultSet("h-n", [Col("COUNT(*)", "FIXED")], [[Tables[(schema, m.Groups[1].Value)].Count.ToString(CultureInfo.InvariantCulture)]]);
        if (sql.StartsWith("SELECT \"ROW_NO\", \"PREDICTED_SCORE\" FROM \"SCORED\"", StringComparison.Ordinal))
            return ResultSet("h-s", [Col("ROW_NO", "FIXED"), Col("PREDICTED_SCORE", "REAL")],
                _scores.Select((s, i) => new[] { (i + 1).ToString(CultureInfo.InvariantCulture), s.ToString("R", CultureInfo.InvariantCulture) }));
        if (sql.StartsWith("SELECT SUM(CASE WHEN \"PREDICTED_SCORE\" > 0.5 AND \"MORTGAGERESPONSE\" = 1", StringComparison.Ordinal))
        {
            // The monitor's per-week confusion counts (WEEK_START_DATE, bound as ISO text, is the second column; MORTGAGERESPONSE the last).
            var rows = Tables[(schema, "SCORED")];
            var weeks = rows.Select((r, i) => (Week: r[1]!, Predicted: _scores[i] > 0.5, Actual: r[^1] == "1"))
                .GroupBy(r => r.Week).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new[] { g.Count(r => r.Predicted && r.Actual), g.Count(r => r.Predicted && !r.Actual), g.Count(r => !r.Predicted && r.Actual), g.Count(r => !r.Predicted && !r.Actual) }
                    .Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray<string?>());
            return ResultSet("h-w", ConfusionColumns.Select(c => Col(c, "FIXED")), weeks);
        }
        return null;
    }

    private const string SnowflakeTestKitUser = "SVC_PORTAL";

    [GeneratedRegex("""^CREATE SCHEMA "(\w+)"$""")]
    private static partial Regex CreateSchema();

    [GeneratedRegex("""^DROP SCHEMA IF EXISTS "(\w+)" CASCADE$""")]
    private static partial Regex DropSchema();

    [GeneratedRegex("""^CREATE TABLE "(\w+)" \(""")]
    private static partial Regex CreateTable();

    [GeneratedRegex("""^CREATE TABLE "(SCORED)" AS SELECT""")]
    private static partial Regex CreateScored();

    [GeneratedRegex("""^INSERT INTO "(\w+)" \(([^)]*)\) VALUES""")]
    private static partial Regex InsertValues();

    [GeneratedRegex("""^SELECT COUNT\(\*\) FROM "(\w+)"$""")]
    private static partial Regex CountRows();
}
