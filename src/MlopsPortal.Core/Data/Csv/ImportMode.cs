namespace MlopsPortal.Core.Data.Csv;

public enum ImportMode
{
    /// <summary>Create a new table with types inferred from the data; fails when the table exists.</summary>
    Create,
    /// <summary>Append to an existing table whose columns the CSV must match.</summary>
    Append,
    /// <summary>Replace the rows of an existing table (delete and append in one transaction), or create a missing one.</summary>
    Replace,
}

public static class ImportModes
{
    /// <summary>Parses <c>create</c>, <c>append</c> or <c>replace</c> (any case), as the API's <c>?mode=</c> takes them.</summary>
    public static ImportMode Parse(string? mode) => mode?.Trim().ToLowerInvariant() switch
    {
        "create" => ImportMode.Create,
        "append" => ImportMode.Append,
        "replace" => ImportMode.Replace,
        _ => throw new CsvImportException($"Unknown import mode '{mode}': use create, append or replace."),
    };
}

public sealed record ImportResult(string Table, ImportMode Mode, long Rows);
