using System.Globalization;
using MlopsPortal.Core.Common;

namespace MlopsPortal.Core.Monitoring.Monitors;

/// <summary>
/// Snowflake-style refresh intervals ("30 minutes", "1 hour", "1 day") as the cron of the recurring refresh.
/// </summary>
public static class RefreshIntervals
{
    /// <summary>The cron expression (UTC) for <paramref name="interval"/>; throws naming the interval when it is not understood.</summary>
    public static string ToCron(string interval)
    {
        var parts = interval.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)
        {
            var unit = parts[1].ToLowerInvariant().TrimEnd('s');
            switch (unit)
            {
                case "minute" when n < 60 && 60 % n == 0: return n == 1 ? "* * * * *" : $"*/{n} * * * *";
                case "hour" when n < 24 && 24 % n == 0: return $"0 */{n} * * *";
                case "hour" when n == 24:
                case "day" when n == 1: return "0 0 * * *";
                case "day" when n <= 28: return $"0 0 */{n} * *";
                case "week" when n == 1: return "0 0 * * 1";
            }
        }

        throw new PortalValidationException(
            $"refreshInterval '{interval}' is not understood; use e.g. '30 minutes', '1 hour', '6 hours', '1 day' or '1 week' (minutes dividing 60, hours dividing 24).");
    }
}
