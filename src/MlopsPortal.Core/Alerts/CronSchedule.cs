using Cronos;

namespace MlopsPortal.Core.Alerts;

/// <summary>
/// Cron schedules of alerts and monitor refreshes (Cronos): 5 fields (minute hour day month weekday), or 6 with
/// leading seconds; occurrences are computed in the schedule's time zone and returned in UTC.
/// </summary>
public static class CronSchedule
{
    /// <summary>Parses an expression; throws <see cref="ArgumentException"/> naming the expression and the reason when invalid.</summary>
    public static CronExpression Parse(string expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            throw new ArgumentException("The cron expression is empty; expected 5 fields such as '0 9 * * *'.", nameof(expression));
        }

        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        try
        {
            return CronExpression.Parse(expression.Trim(), format);
        }
        catch (CronFormatException ex)
        {
            throw new ArgumentException(
                $"Invalid cron expression '{expression}': {ex.Message} Expected 5 fields (minute hour day-of-month month day-of-week), e.g. '0 9 * * *'.",
                nameof(expression),
                ex);
        }
    }

    /// <summary>Null when <paramref name="expression"/> is valid, else the message <see cref="Parse"/> would throw.</summary>
    public static string? Validate(string expression)
    {
        try
        {
            Parse(expression);
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message.Split(" (Parameter")[0];
        }
    }

    /// <summary>Finds a time zone by IANA or Windows id; throws naming the id when unknown. Null/empty = UTC.</summary>
    public static TimeZoneInfo ResolveTimeZone(string? timeZoneId)
    {
        if (string.IsNullOrWhiteSpace(timeZoneId) || timeZoneId is "UTC" or "Etc/UTC")
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ArgumentException($"Unknown time zone '{timeZoneId}'; use an IANA id such as 'UTC' or 'Europe/Paris'.", nameof(timeZoneId), ex);
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> occurrences strictly after <paramref name="fromUtc"/>, in UTC.
    /// </summary>
    public static IReadOnlyList<DateTime> NextOccurrences(string expression, DateTime fromUtc, int count, string? timeZoneId = "UTC")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var cron = Parse(expression);
        var zone = ResolveTimeZone(timeZoneId);
        var from = DateTime.SpecifyKind(fromUtc.Kind == DateTimeKind.Local ? fromUtc.ToUniversalTime() : fromUtc, DateTimeKind.Utc);
        var result = new List<DateTime>(count);
        while (result.Count < count && cron.GetNextOccurrence(from, zone) is { } next)
        {
            result.Add(next);
            from = next;
        }

        return result;
    }
}
