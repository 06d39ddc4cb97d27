using MlopsPortal.Core.Data.Contracts;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Data.Csv;
using Microsoft.AspNetCore.Http.Features;
using MlopsPortal.Core.Data;
using MlopsPortal.Infrastructure.Data;
using MlopsPortal.Infrastructure.Data.Import;

namespace MlopsPortal.Web.Api;

public static class TableEndpoints
{

    public static IEndpointRouteBuilder MapTableEndpoints(this IEndpointRouteBuilder app)
    {
        var tables = app.MapGroup("/api/tables").RequireAuthorization().WithTags("Tables");

        tables.MapGet("", async (DataTablesService data, CancellationToken ct) =>
            (await data.ListAsync(ct)).Select(ToDto).ToList());

        tables.MapGet("/{table}", async (string table, DataTablesService data, CancellationToken ct) =>
            ToDto(await data.DescribeAsync(table, ct)));

        tables.MapGet("/{table}/rows", async (string table, int? offset, int? limit, DataTablesService data, CancellationToken ct) =>
        {
            var page = await data.PreviewAsync(table, offset ?? 0, limit ?? 100, ct);
            return new { columns = page.Table.Columns.Select(c => c.Name), offset = page.Offset, rows = page.Rows };
        });

        // The body is the file itself (CSV, gzip-compressed CSV or Parquet), streamed into the warehouse: nothing is
        // buffered whole. Kestrel's 30 MB default does not apply here; the import's own limit does, with a message
        // that names it and its setting.
        tables.MapPost("/{table}/csv", async (string table, string? mode, HttpRequest request, DataTablesService data, CancellationToken ct) =>
        {
            var importMode = ParseMode(mode);
            var limit = data.ImportOptions.MaxBytes;
            if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                size.MaxRequestBodySize = null;
            if (request.ContentLength > limit)
                throw new ImportLimitExceededException(
                    $"The upload of {request.ContentLength:N0} bytes exceeds the limit of {TableImportOptions.Describe(limit)} ({limit:N0} bytes); " +
                    $"nothing was written. An administrator can raise it with the setting {TableImportOptions.MaxBytesKey}.");
            var declaredGzip = request.Headers.ContentEncoding.Any(e => string.Equals(e?.Trim(), "gzip", StringComparison.OrdinalIgnoreCase));
            var rows = await data.ImportAsync(table, request.Body, importMode, declaredGzip, ct);
            return Results.Ok(new ImportResponse(rows));
        }).Accepts<string>("text/csv", "application/gzip", "application/vnd.apache.parquet").DisableAntiforgery();

        return app;
    }

    private static ImportMode ParseMode(string? mode) => mode?.ToLowerInvariant() switch
    {
        null or "" or "create" => ImportMode.Create,
        "append" => ImportMode.Append,
        "replace" => ImportMode.Replace,
        _ => throw new PortalValidationException($"mode '{mode}' is not one of create, append, replace."),
    };

    private static TableDto ToDto(Core.Warehouse.TableInfo t) =>
        new(t.Name, t.Rows, t.Columns.Select(c => new ColumnDto(c.Name, c.NativeType)).ToList());
}
