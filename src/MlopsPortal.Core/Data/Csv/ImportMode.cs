namespace MlopsPortal.Core.Data.Csv;

public enum ImportMode
{
    /// <summary>Create a new table with types inferred from the data; fails when the table exists.</summary>
    Create,
    /// <summary>Append to an existing table whose columns the CSV must match.</summary>
    Append,
    /// <summary>Replace the rows of an existing table (delete and append in one transaction).</summary>
    Replace,
}

public sealed record ImportResult(string Table, ImportMode Mode, long Rows);
