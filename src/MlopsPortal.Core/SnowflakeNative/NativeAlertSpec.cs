using MlopsPortal.Core.Alerts;

namespace MlopsPortal.Core.SnowflakeNative;

/// <summary>
/// A portal alert (<see cref="AlertSpec"/>, the same one the embedded alerts take) as a Snowflake ALERT, plus what only
/// Snowflake needs: the email notification integration, the warehouse (null = serverless) and the monitor's window.
/// </summary>
public sealed record NativeAlertSpec(AlertSpec Alert, string EmailIntegration, string? Warehouse, int GranularityDays = 1, string? Subject = null, string? Body = null);
