using MlopsPortal.Core.Alerts;

namespace MlopsPortal.Core.SnowflakeNative;

/// <summary>The body of "create a Snowflake alert": the portal's alert fields plus what only Snowflake needs.</summary>
public sealed class NativeAlertRequest
{
    public AlertRequest Alert { get; set; } = new();

    /// <summary>The email notification integration SYSTEM$SEND_EMAIL sends through.</summary>
    public string? EmailIntegration { get; set; }

    /// <summary>The warehouse the alert's condition runs on; none means serverless.</summary>
    public string? Warehouse { get; set; }

    /// <summary>The monitor's aggregation window in days, the granularity the condition reads.</summary>
    public int GranularityDays { get; set; } = 1;

    public NativeAlertSpec ToSpec()
    {
        if (string.IsNullOrWhiteSpace(EmailIntegration))
            throw new Core.Common.PortalValidationException("Name the email notification integration the alert sends through (emailIntegration).");
        return new NativeAlertSpec(Alert.ToSpec(), EmailIntegration.Trim(), string.IsNullOrWhiteSpace(Warehouse) ? null : Warehouse.Trim(), GranularityDays);
    }
}

/// <summary>What a user can do to an existing Snowflake alert.</summary>
public enum NativeAlertAction
{
    Resume,
    Suspend,
    Execute,
    Drop,
}
