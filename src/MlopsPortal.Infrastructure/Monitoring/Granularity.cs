using System.Globalization;
using MlopsPortal.Core.Common;

namespace MlopsPortal.Infrastructure.Monitoring;

/// <summary>Snowflake's granularity strings: "7 DAYS", "1 DAY", "2 WEEKS".</summary>
public static class Granularity
{
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

        throw new PortalValidationException($"granularity '{granularity}' is not understood; use e.g. '7 DAYS' or '1 WEEK'.");
    }
}
