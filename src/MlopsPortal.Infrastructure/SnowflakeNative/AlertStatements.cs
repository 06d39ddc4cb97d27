using MlopsPortal.Core.Common;
using MlopsPortal.Core.Alerts;
using MlopsPortal.Core.SnowflakeNative;

namespace MlopsPortal.Infrastructure.SnowflakeNative;

/// <summary>
/// Snowflake alerts (reference/snowflake.md §3): CREATE ALERT with a cron schedule whose condition reads the monitor's
/// metric table function and whose action is CALL SYSTEM$SEND_EMAIL; RESUME / SUSPEND / EXECUTE ALERT.
/// </summary>
public static class AlertStatements
{
    public static string Create(NativeAlertSpec spec, bool orReplace = true)
    {
        var alert = spec.Alert;
        if (alert.Recipients.Count == 0)
            throw new PortalValidationException("A Snowflake alert sends email: give at least one recipient (webhooks are for embedded alerts).");
        var cronFields = alert.Schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (cronFields.Length != 5)
            throw new PortalValidationException($"Snowflake alert schedules take 5 cron fields (minute hour day month weekday); '{alert.Schedule}' has {cronFields.Length}.");
        if (CronSchedule.Validate(alert.Schedule) is { } cronError)
            throw new PortalValidationException(cronError);
        if (alert.TimeZone.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+')))
            throw new PortalValidationException($"Time zone '{alert.TimeZone}' is not an IANA name.");

        var lines = new List<string> { $"CREATE {(orReplace ? "OR REPLACE " : "")}ALERT {NativeSql.Qualified(alert.Name, "alert")}" };
        if (spec.Warehouse is not null) lines.Add($"  WAREHOUSE = {NativeSql.Id(spec.Warehouse, "warehouse")}");
        lines.Add($"  SCHEDULE = {NativeSql.Literal($"USING CRON {string.Join(' ', cronFields)} {alert.TimeZone}")}");
        lines.Add($"  COMMENT = {NativeSql.Literal($"MlopsPortal: {alert.Rule.Condition} over {alert.Rule.Range}")}");
        lines.Add("  IF (EXISTS (");
        lines.Add("    " + Condition(spec));
        lines.Add("  ))");
        lines.Add("  THEN " + SendEmail(spec));
        return string.Join("\n", lines);
    }

    /// <summary>
    /// The rows that breach: the metric's points inside the alert's range (fixed days, or the last N days with
    /// DATEADD(day, -N, CURRENT_DATE()) as in the lab) whose value compares with the threshold.
    /// </summary>
    public static string Condition(NativeAlertSpec spec)
    {
        var alert = spec.Alert;
        string from, to;
        if (alert.LastDays is { } days)
        {
            from = $"DATEADD(day, -{days}, CURRENT_DATE())";
            to = "CURRENT_TIMESTAMP()";
        }
        else
        {
            from = NativeSql.Timestamp(alert.Start!.Value.ToDateTime(TimeOnly.MinValue));
            to = NativeSql.Timestamp(alert.End!.Value.AddDays(1).ToDateTime(TimeOnly.MinValue));
        }

        var table = MetricStatements.TableFunction(alert.Monitor, alert.Metric, alert.Column, spec.GranularityDays, from, to);
        var comparator = Comparators.Parse(alert.Comparator).Symbol();
        return $"SELECT METRIC_VALUE FROM {table} WHERE EVENT_TIMESTAMP >= {from} AND EVENT_TIMESTAMP < {to} AND METRIC_VALUE {comparator} {NativeSql.Number(alert.Threshold)}";
    }

    public static string SendEmail(NativeAlertSpec spec)
    {
        var alert = spec.Alert;
        var subject = string.IsNullOrWhiteSpace(spec.Subject) ? $"Alert {alert.Name}: {alert.Rule.Condition}" : spec.Subject;
        var body = string.IsNullOrWhiteSpace(spec.Body)
            ? $"{alert.Rule.Condition} for monitor {alert.Monitor} over {alert.Rule.Range}."
            : spec.Body;
        var args = new[]
        {
            NativeSql.Literal(NativeSql.Bare(spec.EmailIntegration, "notification integration")),
            NativeSql.Literal(string.Join(", ", alert.Recipients)),
            NativeSql.Literal(subject),
            NativeSql.Literal(body),
        };
        return $"CALL SYSTEM$SEND_EMAIL({string.Join(", ", args)})";
    }

    public static string Resume(string alert) => $"ALTER ALERT {NativeSql.Qualified(alert, "alert")} RESUME";

    public static string Suspend(string alert) => $"ALTER ALERT {NativeSql.Qualified(alert, "alert")} SUSPEND";

    public static string Execute(string alert) => $"EXECUTE ALERT {NativeSql.Qualified(alert, "alert")}";

    public static string Drop(string alert) => $"DROP ALERT IF EXISTS {NativeSql.Qualified(alert, "alert")}";

    public static string Show(string? schema = null, string? like = null)
    {
        var sql = "SHOW ALERTS";
        if (!string.IsNullOrWhiteSpace(like)) sql += " LIKE " + NativeSql.Literal(like.Trim());
        if (!string.IsNullOrWhiteSpace(schema)) sql += " IN SCHEMA " + NativeSql.Qualified(schema, "schema");
        return sql;
    }
}
