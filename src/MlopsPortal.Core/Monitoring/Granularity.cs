using System.Globalization;
using MlopsPortal.Core.Common;

namespace MlopsPortal.Core.Monitoring;

/// <summary>Snowflake's granularity strings: "7 DAYS", "1 DAY", "2 WEEKS".</summary>
public static class Granularity
{
    /// <summary>
    /// Days of a granularity for a monitor whose windows last <paramref name="windowDays"/>: a multiple of them, or "ALL"
    /// (one window spanning everything). Finer granularities than the monitor's windows cannot be computed.
    /// </summary>
    public static int Days(string granularity, int windowDays)
    {
        if (granularity.Trim().Equals("ALL", StringComparison.OrdinalIgnoreCase))
            return 365 * 1000;
        var days = Days(granularity);
        if (days % windowDays != 0)
            throw new PortalValidationException(
                $"granularity '{granularity}' is not a multiple of the monitor's {windowDays}-day windows; use '{windowDays} DAYS', '{windowDays * 4} DAYS' or 'ALL'.");
        return days;
    }

    public static int Days(string granularity)
    {
        var parts = granularity.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            switch (parts[1].ToUpperInvariant().TrimEnd('S'))
            {
                case "DAY": return n;
                case "WEEK": return 7 * n;
            }
        }

        throw new PortalValidationException($"granularity '{granularity}' is not understood; use e.g. '7 DAYS', '4 WEEKS' or 'ALL'.");
    }
}
