using MlopsPortal.Core.Common;
using MlopsPortal.Core.Monitoring;

namespace MlopsPortal.Core.Tests.Monitoring;

/// <summary>Snowflake's granularity strings as days, and the rule that they are whole multiples of the monitor's windows.</summary>
public sealed class GranularityTests
{
    [Theory]
    [InlineData("7 DAYS", 7, 7)]
    [InlineData(" 2 weeks ", 7, 14)]
    [InlineData("1 DAY", 1, 1)]
    [InlineData("28 DAYS", 7, 28)]
    [InlineData("all", 7, 365_000)]
    public void A_granularity_reads_as_days(string granularity, int windowDays, int expected) =>
        Assert.Equal(expected, Granularity.Days(granularity, windowDays));

    [Theory]
    [InlineData("3 DAYS", "not a multiple of the monitor's 7-day windows")]
    [InlineData("7 MONTHS", "is not understood")]
    [InlineData("-7 DAYS", "is not understood")]
    [InlineData("DAYS", "is not understood")]
    public void A_granularity_finer_than_the_windows_or_unreadable_is_refused_by_name(string granularity, string expected) =>
        Assert.Contains(expected, Assert.Throws<PortalValidationException>(() => Granularity.Days(granularity, 7)).Message, StringComparison.Ordinal);
}
