using MlopsPortal.Core.Monitoring;
using System.Globalization;
using System.Net.Mail;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Monitoring.Monitors;

namespace MlopsPortal.Core.Alerts;

/// <summary>The JSON body of POST /api/alerts (docs/api.md).</summary>
public sealed class AlertRequest
{
    public string? Name { get; set; }
    public string? Monitor { get; set; }
    public string? Metric { get; set; }
    public string? Column { get; set; }
    public string? Comparator { get; set; } = "<";
    public double? Threshold { get; set; }
    public string? Start { get; set; }
    public string? End { get; set; }
    public int? LastDays { get; set; }
    public string? Schedule { get; set; } = "0 9 * * *";
    public string? TimeZone { get; set; } = "UTC";
    public List<string>? Recipients { get; set; }
    public string? Webhook { get; set; }
    public bool ResendSameBreach { get; set; }

    /// <summary>Validates everything (metric, comparator, range, cron, time zone, addresses, webhook URL); messages name what is wrong.</summary>
    public AlertSpec ToSpec()
    {
        var metric = (Metric ?? string.Empty).Trim().ToUpperInvariant();
        if (!MetricNames.IsKnown(metric))
            throw new PortalValidationException($"Unknown metric '{Metric}'; use one of {string.Join(", ", MetricNames.All)}.");
        if (Threshold is not { } threshold || !double.IsFinite(threshold))
            throw new PortalValidationException("The alert's threshold is missing or not a finite number.");
        Wrap(() => Comparators.Parse(Comparator ?? string.Empty));
        var schedule = (Schedule ?? string.Empty).Trim();
        if (CronSchedule.Validate(schedule) is { } cronError)
            throw new PortalValidationException(cronError);
        var zone = string.IsNullOrWhiteSpace(TimeZone) ? "UTC" : TimeZone.Trim();
        Wrap(() => CronSchedule.ResolveTimeZone(zone));
        DateOnly? start = null, end = null;
        if (LastDays is null)
        {
            start = Day(Start, "start");
            end = Day(End, "end");
            Wrap(() => AlertTimeRange.Fixed(start.Value, end.Value));
        }
        else
        {
            if (!string.IsNullOrWhiteSpace(Start) || !string.IsNullOrWhiteSpace(End))
                throw new PortalValidationException("Give either start and end, or lastDays, not both.");
            Wrap(() => AlertTimeRange.Rolling(LastDays.Value));
        }

        var recipients = (Recipients ?? []).Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).ToList();
        foreach (var r in recipients)
        {
            if (!MailAddress.TryCreate(r, out _))
                throw new PortalValidationException($"Recipient '{r}' is not an email address.");
        }

        string? webhook = null;
        if (!string.IsNullOrWhiteSpace(Webhook))
        {
            if (!Uri.TryCreate(Webhook.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new PortalValidationException($"webhook '{Webhook}' is not an http(s) URL.");
            webhook = uri.ToString();
        }

        if (recipients.Count == 0 && webhook is null)
            throw new PortalValidationException("The alert notifies nobody: give recipients, a webhook, or both.");
        return new AlertSpec(MonitorSpec.Id(Name, "alert name"), MonitorSpec.Id(Monitor, "alert monitor"), metric,
            string.IsNullOrWhiteSpace(Column) ? null : MonitorSpec.Id(Column, "alert column"), Comparators.Parse(Comparator!).Symbol(), threshold,
            start, end, LastDays, schedule, zone, recipients, webhook, ResendSameBreach);
    }

    private static DateOnly Day(string? text, string field) =>
        DateOnly.TryParse(text?.Trim(), CultureInfo.InvariantCulture, out var d)
            ? d
            : throw new PortalValidationException($"The alert's {field} '{text}' is not a date (yyyy-MM-dd); or use lastDays.");

    private static void Wrap(Action action)
    {
        try
        {
            action();
        }
        catch (ArgumentException ex)
        {
            throw new PortalValidationException(ex.Message.Split(" (Parameter")[0]);
        }
    }
}

/// <summary>A validated alert.</summary>
public sealed record AlertSpec(
    string Name,
    string Monitor,
    string Metric,
    string? Column,
    string Comparator,
    double Threshold,
    DateOnly? Start,
    DateOnly? End,
    int? LastDays,
    string Schedule,
    string TimeZone,
    IReadOnlyList<string> Recipients,
    string? Webhook,
    bool ResendSameBreach)
{
    public AlertRule Rule => new(Metric, Column, Comparators.Parse(Comparator), Threshold,
        LastDays is { } days ? AlertTimeRange.Rolling(days) : AlertTimeRange.Fixed(Start!.Value, End!.Value));

    public IReadOnlyList<DateTime> NextFireTimes(DateTime fromUtc, int count = 5) => CronSchedule.NextOccurrences(Schedule, fromUtc, count, TimeZone);
}

public enum AlertState
{
    Suspended,
    Started,
}

/// <summary>A stored alert.</summary>
public sealed record AlertInfo(AlertSpec Spec, AlertState State, DateTime CreatedAt, string? CreatedBy)
{
    public string Name => Spec.Name;
}

/// <summary>One evaluation: when, by whom, whether it fired, the breaches, who was notified and how delivery went.</summary>
public sealed record AlertHistoryEntry(
    string Id,
    string Alert,
    DateTime EvaluatedAt,
    string TriggeredBy,
    bool Fired,
    string Summary,
    IReadOnlyList<MetricPoint> Breaches,
    string? Notified,
    string? Delivery,
    bool Delivered,
    int Attempts);
