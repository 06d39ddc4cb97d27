using System.Data.Common;
using System.IO.Compression;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Data;
using MlopsPortal.Core.Data.Csv;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Data.Import;

/// <summary>
/// Imports one uploaded file of any size into a table, streamed: CSV as is, gzip-compressed CSV (recognised by its magic
/// bytes, whatever the file is called), or Parquet (written to a temporary file DuckDB then reads natively). The upload
/// and, for gzip, what it inflates to are capped by <see cref="TableImportOptions"/>; every path writes all rows or none.
/// </summary>
public sealed class TableImporter(IWarehouse warehouse, CsvImportService csv, TableImportOptions options)
{
    private static readonly byte[] ParquetMagic = "PAR1"u8.ToArray();

    /// <param name="declaredGzip">The sender said the body is gzip (Content-Encoding, or a <c>.gz</c> file name).</param>
    public async Task<ImportResult> ImportAsync(string table, Stream upload, ImportMode mode, bool declaredGzip, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var limited = new LimitedStream(upload, options.MaxBytes, "upload", TableImportOptions.MaxBytesKey);
        var head = new byte[4];
        var headLength = await limited.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        var body = new PrefixedStream(head, headLength, limited);
        if (headLength >= 2 && head[0] == 0x1F && head[1] == 0x8B)
        {
            var tail = new GzipEndCheck.Tail(body);
            await using var inflated = new GZipStream(tail, CompressionMode.Decompress);
            var checkedEnd = new GzipEndCheck.Inflated(inflated, tail);
            var capped = new LimitedStream(checkedEnd, options.MaxDecompressedBytes, "decompressed CSV", TableImportOptions.MaxDecompressedBytesKey);
            try
            {
                return await csv.ImportAsync(table, capped, mode, ct);
            }
            catch (InvalidDataException e)
            {
                throw new CsvImportException($"The gzip data is damaged, nothing was written: {e.Message}", inner: e);
            }
        }
        if (declaredGzip)
            throw new PortalValidationException("The upload is declared gzip (Content-Encoding or a .gz name) but does not start with gzip's bytes 1F 8B.");
        if (headLength == 4 && head.AsSpan().SequenceEqual(ParquetMagic))
            return await ParquetAsync(table, body, mode, ct);
        return await csv.ImportAsync(table, body, mode, ct);
    }

    private async Task<ImportResult> ParquetAsync(string table, Stream body, ImportMode mode, CancellationToken ct)
    {
        if (warehouse.Dialect.Name != "duckdb")
            throw new PortalValidationException("Parquet import needs the embedded warehouse; on Snowflake, stage the file and COPY INTO the table.");
        if (!Identifier.IsValid(table))
            throw new CsvImportException(
                $"'{table}' is not a valid table name: use letters, digits, '_' or '$', starting with a letter or '_'.");
        Directory.CreateDirectory(options.TempDirectory);
        var path = Path.Combine(options.TempDirectory, "upload-" + Guid.NewGuid().ToString("N") + ".parquet");
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                await body.CopyToAsync(file, 1 << 16, ct);
            var existing = await warehouse.DescribeTableAsync(table, ct);
            var name = existing?.Name ?? table;
            var rows = await LoadParquetAsync(table, existing, mode, $"read_parquet('{path.Replace("'", "''")}')", ct);
            return new ImportResult(name, mode, rows);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task<long> LoadParquetAsync(string table, TableInfo? existing, ImportMode mode, string source, CancellationToken ct)
    {
        if (existing is null && mode == ImportMode.Append)
            throw new CsvImportException($"Table '{table}' does not exist; import with mode create or replace to create it.");
        if (existing is not null && mode == ImportMode.Create)
            throw new CsvImportException($"Table '{existing.Name}' already exists; import with mode append or replace.");
        var d = warehouse.Dialect;
        try
        {
            return await warehouse.InTransactionAsync(async s =>
            {
                var rows = await s.ScalarAsync<long>($"SELECT CAST(COUNT(*) AS BIGINT) FROM {source}", ct: ct);
                if (existing is null)
                {
                    await s.ExecuteAsync($"CREATE TABLE {d.Quote(table)} AS SELECT * FROM {source}", ct: ct);
                    return rows;
                }
                if (mode == ImportMode.Replace)
                    await s.ExecuteAsync($"DELETE FROM {d.Quote(existing.Name)}", ct: ct);
                await s.ExecuteAsync($"INSERT INTO {d.Quote(existing.Name)} BY NAME SELECT * FROM {source}", ct: ct);
                return rows;
            }, ct);
        }
        catch (DbException e)
        {
            throw new CsvImportException($"The Parquet file cannot be imported into table '{table}', nothing was written: {e.Message}", inner: e);
        }
    }
}
