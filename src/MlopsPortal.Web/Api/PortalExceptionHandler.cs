using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Data;
using MlopsPortal.Core.Data.Csv;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Snowflake;

namespace MlopsPortal.Web.Api;

/// <summary>Turns the portal's exceptions into RFC 7807 problem details whose detail names what is wrong.</summary>
public sealed class PortalExceptionHandler(IProblemDetailsService problems, ILogger<PortalExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            PortalForbiddenException => (StatusCodes.Status403Forbidden, "Forbidden"),
            PortalNotFoundException => (StatusCodes.Status404NotFound, "Not found"),
            AliasMoveUnconfirmedException => (StatusCodes.Status409Conflict, "Confirmation needed"),
            // Binding failures keep their own status (400, 413 too large, 415 wrong content type).
            BadHttpRequestException bad => (bad.StatusCode, "Invalid request"),
            // An upload over Import:MaxUploadBytes (compressed or after decompression, issue 18).
            ImportLimitExceededException => (StatusCodes.Status413PayloadTooLarge, "Too large"),
            PortalValidationException or InvalidIdentifierException or CsvImportException => (StatusCodes.Status400BadRequest, "Invalid request"),
            // Snowflake's own message (it names the object or the syntax at fault); the client never puts a secret in it.
            SnowflakeStatementException => (StatusCodes.Status422UnprocessableEntity, "Snowflake refused the statement"),
            SnowflakeApiException => (StatusCodes.Status502BadGateway, "Snowflake did not answer"),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected error"),
        };
        if (status == StatusCodes.Status500InternalServerError)
            logger.UnhandledError(exception, httpContext.Request.Path);

        httpContext.Response.StatusCode = status;
        var details = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = exception switch
            {
                _ when status == StatusCodes.Status500InternalServerError => "The portal hit an unexpected error; it is in the log.",
                BadHttpRequestException bad => BindingProblem.Describe(bad, (httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? httpContext.GetEndpoint())?.Metadata.GetMetadata<System.Reflection.MethodInfo>()),
                _ => exception.Message,
            },
        };
        if (exception is AliasMoveUnconfirmedException unconfirmed)
        {
            // The differences as data too, so a client can show them and repeat the request with ?confirm=true.
            var check = unconfirmed.Check;
            details.Extensions["added"] = check.Changes.Added;
            details.Extensions["missing"] = check.Changes.Missing;
            details.Extensions["retyped"] = check.Changes.Retyped;
            details.Extensions["schedules"] = check.Bindings;
            details.Extensions["confirmWith"] = "?confirm=true or {\"confirm\": true}";
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = details });
    }
}

/// <summary><see cref="PortalExceptionHandler"/>'s log lines (source-generated).</summary>
internal static partial class PortalExceptionHandlerLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Path}")]
    public static partial void UnhandledError(this ILogger logger, Exception exception, PathString path);
}
