using System.Runtime.CompilerServices;
using System.Text;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Data;

namespace MlopsPortal.Core.Data.Csv;

/// <summary>
/// Imports a CSV stream into a warehouse table. The file is read once, streamed record by record into the
/// warehouse's bulk writer inside one transaction: on any error nothing is written.
/// </summary>
public sealed class CsvImportService(IWarehouse warehouse)
{
    /// <summary>Rows read to infer column types in <see cref="ImportMode.Create"/>; later rows are validated against them.</summary>
    public const int InferenceRows = 10_000;

    public async Task<ImportResult> ImportAsync(string table, Stream csv, ImportMode mode, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        if (!Identifier.IsValid(table))
            throw new CsvImportException(
                $"'{table}' is not a valid table name: use letters, digits, '_' or '$', starting with a letter or '_'.");
        using var reader = new StreamReader(csv, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var parser = new CsvParser(reader);
        var header = await CsvHeader.ReadAsync(parser, ct);
        var existing = await warehouse.DescribeTableAsync(table, ct);
        try
        {
            var rows = mode switch
            {
                ImportMode.Create => await CreateAsync(table, existing, parser, header, ct),
                // Like pandas' if_exists="replace": a missing table is created.
                ImportMode.Replace when existing is null => await CreateAsync(table, existing, parser, header, ct),
                ImportMode.Append or ImportMode.Replace => await AppendAsync(table, existing, parser, header, mode, ct),
                _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown import mode."),
            };
            return new ImportResult(existing?.Name ?? table, mode, rows);
        }
        catch (Exception e) when (e is not (CsvImportException or OperationCanceledException or ArgumentOutOfRangeException or ImportLimitExceededException))
        {
            throw new CsvImportException($"Import into table '{table}' failed, nothing was written: {e.Message}", inner: e);
        }
    }

    private async Task<long> CreateAsync(
        string table, TableInfo? existing, CsvParser parser, IReadOnlyList<string> header, CancellationToken ct)
    {
        if (existing is not null)
            throw new CsvImportException($"Table '{existing.Name}' already exists; import with mode append or replace.");
        var inference = header.Select(_ => new CsvTypeInference()).ToArray();
        var sample = new List<(long Line, string[] Fields)>();
        while (sample.Count < InferenceRows && await parser.ReadAsync(ct))
        {
            CsvHeader.CheckFieldCount(parser, header.Count);
            var fields = parser.Fields.ToArray();
            for (var i = 0; i < fields.Length; i++)
                inference[i].Observe(fields[i]);
            sample.Add((parser.RecordLine, fields));
        }
        if (sample.Count == 0)
            throw new CsvImportException("The CSV file has a header but no data rows: column types cannot be inferred.", 2);

        var columns = header.Select((name, i) => new TargetColumn(name, inference[i].Result, i, InferredHint(inference[i]))).ToArray();
        var d = warehouse.Dialect;
        var ddl = $"CREATE TABLE {d.Quote(table)} ({string.Join(", ", columns.Select(c => $"{d.Quote(c.Name)} {d.TypeName(c.Type)}"))})";
        return await warehouse.InTransactionAsync(async session =>
        {
            await session.ExecuteAsync(ddl, ct: ct);
            return await session.BulkAppendAsync(table, Rows(sample, parser, header.Count, columns, ct), ct);
        }, ct);
    }

    private async Task<long> AppendAsync(
        string table, TableInfo? existing, CsvParser parser, IReadOnlyList<string> header, ImportMode mode, CancellationToken ct)
    {
        if (existing is null)
            throw new CsvImportException($"Table '{table}' does not exist; import with mode create or replace to create it.");
        var columns = MatchColumns(existing, header);
        var d = warehouse.Dialect;
        return await warehouse.InTransactionAsync(async session =>
        {
            if (mode == ImportMode.Replace)
                await session.ExecuteAsync($"DELETE FROM {d.Quote(existing.Name)}", ct: ct);
            return await session.BulkAppendAsync(existing.Name, Rows([], parser, header.Count, columns, ct), ct);
        }, ct);
    }

    /// <summary>The table's columns in table order, each pointing at its CSV field; missing or extra columns are refused.</summary>
    private static TargetColumn[] MatchColumns(TableInfo table, IReadOnlyList<string> header)
    {
        var index = header.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.OrdinalIgnoreCase);
        var missing = table.Columns.Where(c => !index.ContainsKey(c.Name)).Select(c => c.Name).ToList();
        var extra = header.Where(h => table.Column(h) is null).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            var parts = new List<string>();
            if (missing.Count > 0)
                parts.Add($"missing column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}");
            if (extra.Count > 0)
                parts.Add($"extra column{(extra.Count > 1 ? "s" : "")} {string.Join(", ", extra)} not in the table");
            throw new CsvImportException($"The CSV's columns do not match table '{table.Name}': {string.Join("; ", parts)}.", 1);
        }
        var unsupported = table.Columns.FirstOrDefault(c => c.Type == WarehouseType.Other);
        if (unsupported is not null)
            throw new CsvImportException(
                $"Column {unsupported.Name} of table '{table.Name}' has type {unsupported.NativeType}, which CSV import does not support.",
                column: unsupported.Name);
        return table.Columns.Select(c => new TargetColumn(c.Name, c.Type, index[c.Name], Hint: null, Required: !c.Nullable)).ToArray();
    }

    private static async IAsyncEnumerable<object?[]> Rows(
        List<(long Line, string[] Fields)> sample, CsvParser parser, int fieldCount, TargetColumn[] columns,
        [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var (line, fields) in sample)
            yield return Convert(line, fields, columns);
        sample.Clear();
        while (await parser.ReadAsync(ct))
        {
            CsvHeader.CheckFieldCount(parser, fieldCount);
            yield return Convert(parser.RecordLine, parser.Fields, columns);
        }
    }

    private static object?[] Convert(long line, IReadOnlyList<string> fields, TargetColumn[] columns)
    {
        var row = new object?[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            var c = columns[i];
            if (!CsvValues.TryParse(fields[c.CsvIndex], c.Type, out row[i], out var problem))
            {
                throw new CsvImportException($"line {line}, column {c.Name}: {problem}{c.Hint}.", line, c.Name);
            }
            if (row[i] is null && c.Required)
                throw new CsvImportException($"line {line}, column {c.Name}: a value is required (the column is NOT NULL).", line, c.Name);
        }
        return row;
    }

    private static string InferredHint(CsvTypeInference inference) =>
        $" (the column's type {inference.Result} was inferred from the first {InferenceRows:N0} rows, where " +
        $"{inference.NonEmpty - inference.Outliers:N0} of {inference.NonEmpty:N0} values fit it)";

    private sealed record TargetColumn(string Name, WarehouseType Type, int CsvIndex, string? Hint, bool Required = false);
}
