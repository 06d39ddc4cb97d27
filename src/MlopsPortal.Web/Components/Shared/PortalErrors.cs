using MlopsPortal.Core.Common;
using MlopsPortal.Core.Data.Csv;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Snowflake;

namespace MlopsPortal.Web.Components.Shared;

/// <summary>
/// The one way a page turns a failed operation into words (docs/architecture.md, "Errors"): the portal's own refusals
/// (validation, not found, forbidden, a bad CSV or name, Snowflake's refusal) are shown as they are, since they name
/// what is wrong; anything else is logged with a short reference and shown as that reference, so a raw DuckDB or .NET
/// message never reaches a user and an admin can still find it in the log.
/// </summary>
public static class PortalErrors
{
    /// <summary>True for the exceptions whose message is written for the user.</summary>
    public static bool SpeaksForItself(Exception ex) => ex is PortalValidationException or PortalNotFoundException
        or PortalForbiddenException or InvalidIdentifierException or CsvImportException or SnowflakeStatementException;

    /// <summary>The logger of <see cref="PortalComponentBase"/> or <see cref="PortalErrorBoundary"/>, where the reference is written.</summary>
    public static string Describe(Exception ex, ILogger log)
    {
        switch (ex)
        {
            case OperationCanceledException:
                return "Cancelled.";
            case SnowflakeStatementException:
                return $"Snowflake refused the statement: {ex.Message}";
            case SnowflakeApiException:
                return "Snowflake did not answer; try again, or ask an admin to check the connection on the Admin page.";
            case var known when SpeaksForItself(known):
                return known.Message;
            default:
                var reference = Guid.NewGuid().ToString("N")[..8];
                log.UnexpectedError(ex, reference);
                return $"Something went wrong (reference {reference}); the details are in the portal's log.";
        }
    }
}

/// <summary><see cref="PortalErrors"/>' log lines (source-generated).</summary>
internal static partial class PortalErrorsLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error shown to a user as reference {Reference}")]
    public static partial void UnexpectedError(this ILogger logger, Exception exception, string reference);
}
