using MlopsPortal.Core.Common;
using MlopsPortal.Core.Data.Csv;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Data.Import;

namespace MlopsPortal.Infrastructure.Data;

/// <summary>The Data page's and /api/tables' service: list, describe, preview and import user tables.</summary>
public sealed class DataTablesService(
    IWarehouse warehouse, CsvImportService importer, ICurrentUser currentUser, TableImportOptions? importOptions = null)
{
    private readonly TableImporter _tableImporter = new(warehouse, importer, importOptions ?? TableImportOptions.InTempDirectory);

    /// <summary>The bounds of one upload (the API and the Data page show them).</summary>
    public TableImportOptions ImportOptions => importOptions ?? TableImportOptions.InTempDirectory;

    public const int MaxPreviewRows = 500;

    public async Task<IReadOnlyList<TableInfo>> ListAsync(CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "see tables");
        var tables = await warehouse.ListTablesAsync(ct);
        return tables.Where(t => !PortalTables.IsInternal(t.Name)).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<TableInfo> DescribeAsync(string table, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "see tables");
        Identifier.Validate(table, "table name");
        return await warehouse.DescribeTableAsync(table, ct) is { } info && !PortalTables.IsInternal(info.Name)
            ? info
            : throw new PortalNotFoundException($"There is no table named {table}.");
    }

    /// <summary>A page of rows in the table's natural order.</summary>
    public async Task<TablePage> PreviewAsync(string table, int offset, int limit, CancellationToken ct = default)
    {
        var info = await DescribeAsync(table, ct);
        limit = Math.Clamp(limit, 1, MaxPreviewRows);
        offset = Math.Max(0, offset);
        var rows = new List<object?[]>(limit);
        var sql = $"SELECT * FROM {warehouse.Dialect.Quote(info.Name)} LIMIT {limit} OFFSET {offset}";
        await foreach (var batch in warehouse.StreamAsync(sql, batchSize: limit, ct: ct))
            rows.AddRange(batch.Rows);
        return new TablePage(info, offset, rows);
    }

    public Task<long> ImportCsvAsync(string table, Stream csv, ImportMode mode, CancellationToken ct = default) =>
        ImportAsync(table, csv, mode, declaredGzip: false, ct);

    /// <summary>Imports a CSV, gzip-compressed CSV or Parquet upload (told apart by their first bytes), streamed.</summary>
    public async Task<long> ImportAsync(string table, Stream upload, ImportMode mode, bool declaredGzip, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.DataScientist, "import data");
        Identifier.Validate(table, "table name");
        if (PortalTables.IsInternal(PortalTables.RefuseReserved(table)))
            throw new PortalValidationException($"{table} starts with '_', which the portal keeps for its helper tables; import into another name.");
        var result = await _tableImporter.ImportAsync(table, upload, mode, declaredGzip, ct);
        return result.Rows;
    }
}

public sealed record TablePage(TableInfo Table, int Offset, IReadOnlyList<object?[]> Rows);
