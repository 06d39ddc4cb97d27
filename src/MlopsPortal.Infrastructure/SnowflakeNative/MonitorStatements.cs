using System.Globalization;
using System.Text.RegularExpressions;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Monitoring;
using MlopsPortal.Core.Monitoring.Monitors;

namespace MlopsPortal.Infrastructure.SnowflakeNative;

/// <summary>
/// Snowflake's model monitors (reference/snowflake.md §2), built from the same <see cref="MonitorSpec"/> the embedded
/// MonitorService takes. CREATE MODEL MONITOR is written in the literal form snowflake-ml-python sends.
/// </summary>
public static partial class MonitorStatements
{
    [GeneratedRegex(@"^(\d+)\s+(second|minute|hour|day)s?$", RegexOptions.IgnoreCase)]
    private static partial Regex IntervalPattern();

    /// <summary>
    /// CREATE MODEL MONITOR. The monitor lives in the model's schema, so a qualified model (DB.SCH.M) qualifies the
    /// monitor, source and baseline the same way when they are given bare.
    /// </summary>
    public static string Create(MonitorSpec spec, bool orReplace = false)
    {
        var warehouse = spec.Warehouse ?? throw new PortalValidationException("A Snowflake model monitor needs a warehouse to refresh with.");
        var schema = SchemaOf(spec.Model);
        var columns = new[]
        {
            $"ID_COLUMNS={NativeSql.NameArray(spec.IdColumns, "id column")}",
            $"PREDICTION_SCORE_COLUMNS={NativeSql.NameArray(spec.PredictionScoreColumns, "prediction score column")}",
            $"PREDICTION_CLASS_COLUMNS={NativeSql.NameArray(spec.PredictionClassColumns, "prediction class column")}",
            $"ACTUAL_SCORE_COLUMNS=()",
            $"ACTUAL_CLASS_COLUMNS={NativeSql.NameArray(spec.ActualClassColumns, "actual class column")}",
        };
        if (spec.PredictionScoreColumns.Count + spec.PredictionClassColumns.Count == 0)
            throw new PortalValidationException("A model monitor needs at least one prediction column (score or class).");
        if (spec.AggregationWindowDays < 1)
            throw new PortalValidationException("The aggregation window lasts at least one day.");
        var lines = new List<string>
        {
            $"CREATE {(orReplace ? "OR REPLACE " : "")}MODEL MONITOR {InSchema(spec.Name, schema, "monitor")} WITH",
            $"  MODEL={NativeSql.Qualified(spec.Model, "model")} VERSION={NativeSql.Literal(NativeSql.Bare(spec.Version, "version"))} FUNCTION={NativeSql.Literal(Function(spec.Function))}",
            $"  WAREHOUSE={NativeSql.Literal(NativeSql.Bare(warehouse, "warehouse"))}",
            $"  SOURCE={InSchema(spec.Source, schema, "source table")}",
            "  " + string.Join(" ", columns),
            $"  TIMESTAMP_COLUMN={NativeSql.Literal(NativeSql.Bare(spec.TimestampColumn, "timestamp column"))}",
            $"  REFRESH_INTERVAL={NativeSql.Literal(RefreshInterval(spec.RefreshInterval))} AGGREGATION_WINDOW={NativeSql.Literal(AggregationWindow(spec.AggregationWindowDays))}",
        };
        if (spec.SegmentColumns.Count > 0)
            lines.Add($"  SEGMENT_COLUMNS={NativeSql.NameArray(spec.SegmentColumns, "segment column")}");
        lines.Add($"  BASELINE={InSchema(spec.Baseline, schema, "baseline table")}");
        return string.Join("\n", lines);
    }

    public static string Show(string? schema = null, string? like = null)
    {
        var sql = "SHOW MODEL MONITORS";
        if (!string.IsNullOrWhiteSpace(like)) sql += " LIKE " + NativeSql.Literal(like.Trim());
        if (!string.IsNullOrWhiteSpace(schema)) sql += " IN SCHEMA " + NativeSql.Qualified(schema, "schema");
        return sql;
    }

    public static string Suspend(string monitor) => $"ALTER MODEL MONITOR {NativeSql.Qualified(monitor, "monitor")} SUSPEND";

    public static string Resume(string monitor) => $"ALTER MODEL MONITOR {NativeSql.Qualified(monitor, "monitor")} RESUME";

    public static string Drop(string monitor) => $"DROP MODEL MONITOR IF EXISTS {NativeSql.Qualified(monitor, "monitor")}";

    /// <summary>'1 hour', '30 minutes', '1 day'; at least 60 seconds; weeks are not a Snowflake refresh unit.</summary>
    public static string RefreshInterval(string interval)
    {
        var m = IntervalPattern().Match((interval ?? string.Empty).Trim());
        if (!m.Success || !int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            throw new PortalValidationException($"refreshInterval '{interval}' is not a Snowflake refresh interval; use e.g. '60 seconds', '30 minutes', '1 hour' or '1 day'.");
        var unit = m.Groups[2].Value.ToLowerInvariant();
        if (unit == "second" && n < 60)
            throw new PortalValidationException($"refreshInterval '{interval}' is shorter than Snowflake's minimum of 60 seconds.");
        return $"{n} {unit}{(n == 1 ? "" : "s")}";
    }

    public static string AggregationWindow(int days) => days == 1 ? "1 day" : $"{days} days";

    private static string Function(string function) =>
        Core.Warehouse.Identifier.IsValid(function)
            ? function // the method name as the version lists it (predict, predict_proba); case matters
            : throw new PortalValidationException($"The monitor's function '{function}' is not a valid method name.");

    private static List<string> SchemaOf(string model)
    {
        var parts = NativeSql.Parts(model, "model");
        return parts.Take(parts.Count - 1).ToList();
    }

    private static string InSchema(string name, IReadOnlyList<string> schema, string what)
    {
        var parts = NativeSql.Parts(name, what);
        var full = parts.Count == 1 ? schema.Append(parts[0]) : parts;
        return string.Join('.', full.Select(p => "\"" + p + "\""));
    }
}
