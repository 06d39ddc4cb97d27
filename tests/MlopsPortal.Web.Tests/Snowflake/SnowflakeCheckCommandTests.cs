extern alias cli;
using System.Globalization;
using System.Text;
using cli::MlopsPortal.Cli.Snowflake;

namespace MlopsPortal.Web.Tests.Snowflake;

/// <summary>
/// <c>mlops snowflake check</c> against the fake account (which checks every request's key-pair JWT): every step
/// passes and prints its time, the scratch schema is dropped, the native alias is unset and the alert gone; a wrong
/// score or a Snowflake error stops the run at that step with the message, exit code 1, and the schema still dropped.
/// </summary>
public sealed class SnowflakeCheckCommandTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly string ModelDir = Path.Combine(AppContext.BaseDirectory, "demo", "sagemaker");

    private readonly FakeSnowflakeAccount _account = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("mlops-sf-check-").FullName;
    private string _toml = "";
    private string _csv = "";

    public ValueTask InitializeAsync()
    {
        _toml = _account.PortalSettings(_dir)["Snowflake:ConnectionsFile"];
        _csv = Path.Combine(_dir, "Mortgage_Data.csv");
        // Lab-shaped rows (made up here; the lab's own CSV is not copied into the repository): three weeks, two counties.
        var csv = new StringBuilder("WEEK_START_DATE,WEEK,LOAN_ID,TS,LOAN_TYPE_NAME,LOAN_PURPOSE_NAME,APPLICANT_INCOME_000S,LOAN_AMOUNT_000S,COUNTY_NAME,MORTGAGERESPONSE\n");
        for (var i = 0; i < 45; i++)
        {
            var week = i / 15 + 1;
            csv.Append(CultureInfo.InvariantCulture, $"{new DateTime(2024, 12, 20).AddDays(7 * (week - 1)):yyyy-MM-dd HH:mm:ss},{week},{360000 + i},20:15.4,")
               .Append(i % 3 == 0 ? "FHA-insured" : "Conventional").Append(',').Append(i % 2 == 0 ? "Refinancing" : "Home purchase").Append(',')
               .Append(CultureInfo.InvariantCulture, $"{40 + 3.5 * i},{100 + 11 * i},").Append(i % 4 == 0 ? "Queens County" : "Ulster County")
               .Append(CultureInfo.InvariantCulture, $",{(i * 7 % 5 < 3 ? 1 : 0)}\n");
        }
        File.WriteAllText(_csv, csv.ToString());
        return ValueTask.CompletedTask;
    }

    private double[] PortalScores() =>
        LabModel.Load(ModelDir).ScoreLocally(LabRows.Read(_csv, 1000)).Select(p => (double)p).ToArray();

    private async Task<(int Code, string Out, string Err)> CheckAsync()
    {
        var stdout = new StringWriter(CultureInfo.InvariantCulture);
        var stderr = new StringWriter(CultureInfo.InvariantCulture);
        var code = await cli::MlopsPortal.Cli.CliApp.RunAsync(
            ["snowflake", "check", "--connection", "lab", "--connections-file", _toml, "--data", _csv, "--model-dir", ModelDir, "--rows", "40"],
            stdout, stderr, Ct);
        TestContext.Current.TestOutputHelper?.WriteLine(stdout.ToString());
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Every_step_passes_with_its_time_and_the_scratch_schema_alias_and_alert_are_gone_afterwards()
    {
        _account.Scorer = _ => PortalScores()[..40];

        var (code, output, error) = await CheckAsync();

        Assert.True(code == 0, output + error);
        foreach (var step in new[] { "connect", "create scratch schema", "lab table, bound inserts", "V1 import", "compiled-SQL scoring",
                     "monitor counts per week", "native registry SHOW/ALTER", "alert created suspended", "drop scratch schema" })
            Assert.Matches($@"(?m)^  ok    {Regex(step)}\s+\d+\.\d\d s  \S", output);
        Assert.Contains("40 rows in INFERENCEMORTGAGEDATA", output);
        Assert.Contains("3 weekly windows", output);
        Assert.Contains("alias MLOPS_CHECK set on V2, seen in SHOW VERSIONS, unset", output);
        Assert.EndsWith("All steps passed: the portal works with this account." + Environment.NewLine, output);

        var scratch = Assert.Single(_account.DroppedSchemas);
        Assert.StartsWith("MLOPS_CHECK_", scratch);
        Assert.Empty(_account.Schemas);
        Assert.All(_account.Versions, v => Assert.DoesNotContain(SnowflakeCheck.CheckAlias, v.Aliases));
        Assert.False(_account.Alerts.ContainsKey("MLOPS_CHECK_ALERT"));
        // The rows travelled as bindings, never as literals; the scoring ran as compiled SQL in the warehouse.
        Assert.Contains(_account.Statements, s => s.StartsWith("INSERT INTO \"INFERENCEMORTGAGEDATA\"", StringComparison.Ordinal) && s.Contains("VALUES (?, ?,", StringComparison.Ordinal));
        Assert.All(_account.Statements.Where(s => s.StartsWith("INSERT", StringComparison.Ordinal)),
            s => Assert.DoesNotContain("Conventional", s, StringComparison.Ordinal));
        Assert.Contains(_account.Statements, s => s.StartsWith("CREATE TABLE \"SCORED\" AS SELECT", StringComparison.Ordinal) && s.Contains("CASE WHEN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_score_that_differs_from_the_portals_predictor_fails_that_step_stops_the_run_and_still_drops_the_schema()
    {
        _account.Scorer = _ =>
        {
            var scores = PortalScores()[..40];
            scores[2] += 0.01;
            return scores;
        };

        var (code, output, _) = await CheckAsync();

        Assert.Equal(1, code);
        Assert.Matches(@"(?m)^  FAIL  compiled-SQL scoring\s+\d+\.\d\d s  row 3: Snowflake scored ", output);
        Assert.DoesNotContain("native registry", output);
        Assert.Contains("  ok    drop scratch schema", output);
        Assert.Single(_account.DroppedSchemas);
    }

    [Fact]
    public async Task A_Snowflake_error_is_printed_with_Snowflakes_own_message()
    {
        _account.Scorer = null; // the fake answers CREATE TABLE SCORED with a 422 compilation error

        var (code, output, _) = await CheckAsync();

        Assert.Equal(1, code);
        Assert.Contains("FAIL  compiled-SQL scoring", output);
        Assert.Contains("SQL compilation error: Scorer does not exist or not authorized.", output);
        Assert.Single(_account.DroppedSchemas);
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    public async ValueTask DisposeAsync()
    {
        await _account.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
