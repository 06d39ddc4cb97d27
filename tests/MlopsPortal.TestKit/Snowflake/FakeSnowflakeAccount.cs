using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using MlopsPortal.Infrastructure.Snowflake.Auth;
using static MlopsPortal.TestKit.Snowflake.FakeSqlApiServer;

namespace MlopsPortal.TestKit.Snowflake;

/// <summary>
/// A Snowflake account for the native pages and API, behind the loopback SQL API fake (which checks every request's
/// key-pair JWT). It keeps the lab's registry, monitor and alert as state and changes it as the documented statements
/// say, so a test sees an alias move or an alert resume in the next SHOW. It answers only the statement shapes the
/// golden tests pin; anything else gets Snowflake's 422 "SQL compilation error", so a new statement fails loudly.
/// </summary>
public sealed partial class FakeSnowflakeAccount : IAsyncDisposable
{
    public const string Model = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL";
    public const string Monitor = "MORTGAGE_MODEL_MONITOR";
    public const string Alert = "F1_SCORE_DROP_ALERT";

    private readonly RSA _key = KeyPairJwt.LoadPrivateKey(SnowflakeTestKit.PlainPem, null);
    private readonly object _gate = new();

    public sealed class Version(string name, params string[] aliases)
    {
        public string Name { get; } = name;
        public List<string> Aliases { get; } = [.. aliases];
        public string Metadata { get; set; } = "{}";
    }

    public FakeSnowflakeAccount()
    {
        Server = new FakeSqlApiServer(SnowflakeTestKit.PublicKeyOf(_key), SnowflakeTestKit.Account, SnowflakeTestKit.User, Answer);
        Versions = [new Version("V1", "DEFAULT", "FIRST", "PRODUCTION") { Metadata = """{"metrics":{"f1_score":0.71}}""" }, new Version("V2", "LAST")];
        Monitors[Monitor] = "ACTIVE";
        Alerts[Alert] = "suspended";
        // F1 by week: the lab's drop below 0.7 in the second half.
        for (var week = 0; week < 8; week++)
            F1.Add((new DateTime(2025, 1, 6).AddDays(7 * week), week < 4 ? 0.78 - 0.01 * week : 0.62 + 0.01 * week, 900 + week));
    }

    public FakeSqlApiServer Server { get; }
    public List<Version> Versions { get; }
    public ConcurrentDictionary<string, string> Monitors { get; } = new();
    public ConcurrentDictionary<string, string> Alerts { get; } = new();
    public List<(DateTime Week, double Value, long Count)> F1 { get; } = [];
    public ConcurrentQueue<string> Statements { get; } = new();
    private int _alertExecutions;
    public int AlertExecutions => Volatile.Read(ref _alertExecutions);
    public long RowsToScore { get; set; } = 1_250;

    /// <summary>Writes connections.toml (and the key) under <paramref name="dir"/> and returns the portal settings that use it.</summary>
    public Dictionary<string, string> PortalSettings(string dir)
    {
        Directory.CreateDirectory(dir);
        var toml = Path.Combine(dir, "connections.toml");
        File.WriteAllText(toml, $"""
            [lab]
            account = "{SnowflakeTestKit.Account}"
            user = "{SnowflakeTestKit.User}"
            role = "ML_ROLE"
            warehouse = "ML_WH"
            database = "ML_DB"
            schema = "REGISTRY"
            authenticator = "SNOWFLAKE_JWT"
            private_key_file = "{SnowflakeTestKit.KeyPath("rsa_key.p8")}"
            host = "{Server.BaseAddress}"
            """);
        return new() { ["Snowflake:ConnectionsFile"] = toml, ["Snowflake:NativeConnection"] = "lab" };
    }

    private FakeResponse Answer(FakeRequest request)
    {
        if (request.Statement is not { } sql)
            return Failed("no statement", "000000");
        Statements.Enqueue(sql);
        lock (_gate)
        {
            try
            {
                _request = request;
                return Execute(sql.Trim());
            }
            catch (KeyNotFoundException e)
            {
                return Failed($"SQL compilation error: {e.Message} does not exist or not authorized.");
            }
        }
    }

    private FakeResponse Execute(string sql)
    {
        Match m;
        if (sql.StartsWith("SHOW MODELS", StringComparison.Ordinal))
        {
            var aliases = "{" + string.Join(",", Versions.SelectMany(v => v.Aliases.Select(a => $"\"{a}\":\"{v.Name}\""))) + "}";
            return Text(["created_on", "name", "database_name", "schema_name", "comment", "owner", "default_version_name", "aliases"],
                [["2025-01-02 00:00:00", Model, "ML_DB", "REGISTRY", "the lab's XGBoost model", "ML_ROLE", "V1", aliases]]);
        }
        if ((m = ShowVersions().Match(sql)).Success)
        {
            RequireModel(m.Groups[1].Value);
            return Text(["created_on", "name", "aliases", "is_default_version", "functions", "metadata", "comment"],
                Versions.Select(v => new[] { "2025-01-02 00:00:00", v.Name, Json(v.Aliases), v.Aliases.Contains("DEFAULT") ? "true" : "false",
                    """["PREDICT","PREDICT_PROBA"]""", v.Metadata, null }));
        }
        if ((m = AlterAlias().Match(sql)).Success)
        {
            RequireModel(m.Groups[1].Value);
            var target = m.Groups[2].Value;
            if (m.Groups[3].Success)
                VersionNamed(target).Aliases.Add(m.Groups[3].Value);
            else // VERSION <alias or version> UNSET ALIAS: the user alias goes
                (Versions.FirstOrDefault(v => v.Aliases.Contains(target)) ?? VersionNamed(target)).Aliases.RemoveAll(a => a is not ("DEFAULT" or "FIRST" or "LAST"));
            return Done();
        }
        if ((m = SetMetadata().Match(sql)).Success)
        {
            RequireModel(m.Groups[1].Value);
            VersionNamed(m.Groups[2].Value).Metadata = m.Groups[3].Value;
            return Done();
        }
        if ((m = CreateMonitor().Match(sql)).Success)
        {
            Monitors[Last(m.Groups[1].Value)] = "ACTIVE";
            return Done();
        }
        if (sql.StartsWith("SHOW MODEL MONITORS", StringComparison.Ordinal))
        {
            return Text(["created_on", "name", "database_name", "schema_name", "warehouse_name", "refresh_interval", "aggregation_window", "monitor_state", "model", "comment"],
                Monitors.OrderBy(p => p.Key).Select(p => new[] { "2025-02-01 00:00:00", p.Key, "ML_DB", "REGISTRY", "ML_WH", "1 day", "7 days", p.Value,
                    $$"""{"model_name":"{{Model}}","version_name":"V1"}""", null }));
        }
        if ((m = AlterMonitor().Match(sql)).Success)
        {
            var name = Last(m.Groups[1].Value);
            if (!Monitors.ContainsKey(name)) throw new KeyNotFoundException($"Model monitor '{name}'");
            Monitors[name] = m.Groups[2].Value == "SUSPEND" ? "SUSPENDED" : "ACTIVE";
            return Done();
        }
        if ((m = DropMonitor().Match(sql)).Success)
        {
            Monitors.TryRemove(Last(m.Groups[1].Value), out _);
            return Done();
        }
        if ((m = PerformanceMetric().Match(sql)).Success)
        {
            if (!Monitors.ContainsKey(Last(m.Groups[1].Value))) throw new KeyNotFoundException($"Model monitor '{m.Groups[1].Value}'");
            var points = m.Groups[2].Value == "F1_SCORE" ? F1 : [];
            return Text(["EVENT_TIMESTAMP", "METRIC_NAME", "METRIC_VALUE", "COUNT_USED"],
                points.Select(p => new[] { p.Week.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), m.Groups[2].Value,
                    p.Value.ToString("R", CultureInfo.InvariantCulture), p.Count.ToString(CultureInfo.InvariantCulture) }));
        }
        if ((m = CreateAlert().Match(sql)).Success)
        {
            Alerts[Last(m.Groups[1].Value)] = "suspended"; // Snowflake creates alerts suspended
            return Done();
        }
        if (sql.StartsWith("SHOW ALERTS", StringComparison.Ordinal))
        {
            return Text(["created_on", "name", "database_name", "schema_name", "owner", "comment", "warehouse", "schedule", "state", "condition", "action"],
                Alerts.OrderBy(p => p.Key).Select(p => new[] { "2025-02-01 00:00:00", p.Key, "ML_DB", "REGISTRY", "ML_ROLE", "MlopsPortal: F1_SCORE < 0.7",
                    "ML_WH", "USING CRON 0 9 * * * UTC", p.Value, "SELECT METRIC_VALUE FROM TABLE(MODEL_MONITOR_PERFORMANCE_METRIC(...))", "CALL SYSTEM$SEND_EMAIL(...)" }));
        }
        if ((m = DropAlert().Match(sql)).Success)
        {
            Alerts.TryRemove(Last(m.Groups[1].Value), out _);
            return Done();
        }
        if ((m = AlterAlert().Match(sql)).Success)
        {
            var name = Last(m.Groups[2].Value);
            if (!Alerts.ContainsKey(name)) throw new KeyNotFoundException($"Alert '{name}'");
            if (m.Groups[1].Value == "EXECUTE ALERT") Interlocked.Increment(ref _alertExecutions);
            else Alerts[name] = m.Groups[3].Value == "RESUME" ? "started" : "suspended";
            return Done();
        }
        if ((m = PredictProba().Match(sql)).Success)
        {
            RequireModel(m.Groups[1].Value);
            var alias = m.Groups[2].Value;
            if (!Versions.Any(v => v.Name == alias || v.Aliases.Contains(alias))) throw new KeyNotFoundException($"Version or alias '{alias}'");
            return ResultSet("h-ins", [Col("number of rows inserted", "FIXED")], [[RowsToScore.ToString(CultureInfo.InvariantCulture)]],
                stats: new { numRowsInserted = RowsToScore });
        }
        if (Sandbox(sql) is { } sandboxed)
            return sandboxed;
        return Failed($"SQL compilation error: the fake Snowflake does not know this statement: {sql[..Math.Min(80, sql.Length)]}", "001003", "42000");
    }

    private Version VersionNamed(string name) =>
        Versions.FirstOrDefault(v => v.Name == name) ?? throw new KeyNotFoundException($"Version '{name}'");

    private static void RequireModel(string name)
    {
        if (Last(name) != Model) throw new KeyNotFoundException($"Model '{Last(name)}'");
    }

    private static string Last(string qualified) => qualified.Split('.')[^1].Trim('"');

    private static string Json(IEnumerable<string> items) => "[" + string.Join(",", items.Select(i => $"\"{i}\"")) + "]";

    private static FakeResponse Done() => ResultSet("h-ok", [Col("status", "TEXT")], [["Statement executed successfully."]]);

    private static FakeResponse Text(string[] columns, IEnumerable<string?[]> rows) =>
        ResultSet("h-show", columns.Select(c => Col(c, "TEXT")), rows);

    [GeneratedRegex(@"^SHOW VERSIONS IN MODEL (\S+)$")]
    private static partial Regex ShowVersions();

    [GeneratedRegex(@"^ALTER MODEL (\S+) VERSION ""?(\w+)""? (?:SET ALIAS = (\w+)|UNSET ALIAS)$")]
    private static partial Regex AlterAlias();

    [GeneratedRegex(@"^ALTER MODEL (\S+) MODIFY VERSION ""?(\w+)""? SET METADATA = \$\$(.*)\$\$$", RegexOptions.Singleline)]
    private static partial Regex SetMetadata();

    [GeneratedRegex(@"^CREATE (?:OR REPLACE )?MODEL MONITOR (\S+) WITH")]
    private static partial Regex CreateMonitor();

    [GeneratedRegex(@"^ALTER MODEL MONITOR (\S+) (SUSPEND|RESUME)$")]
    private static partial Regex AlterMonitor();

    [GeneratedRegex(@"^DROP MODEL MONITOR IF EXISTS (\S+)$")]
    private static partial Regex DropMonitor();

    [GeneratedRegex(@"^SELECT \* FROM TABLE\(MODEL_MONITOR_PERFORMANCE_METRIC\('([^']+)', '(\w+)', '\d+ DAY'")]
    private static partial Regex PerformanceMetric();

    [GeneratedRegex(@"^CREATE (?:OR REPLACE )?ALERT (\S+)")]
    private static partial Regex CreateAlert();

    [GeneratedRegex(@"^DROP ALERT IF EXISTS (\S+)$")]
    private static partial Regex DropAlert();

    [GeneratedRegex(@"^(ALTER ALERT|EXECUTE ALERT) (\S+)(?: (RESUME|SUSPEND))?$")]
    private static partial Regex AlterAlert();

    [GeneratedRegex(@"MODEL\((\S+), (\w+)\)!PREDICT_PROBA\(")]
    private static partial Regex PredictProba();

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _key.Dispose();
    }
}
