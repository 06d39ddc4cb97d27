namespace MlopsPortal.Core.Warehouse;

public sealed record ColumnInfo(string Name, WarehouseType Type, string NativeType, bool Nullable = true);

public sealed record TableInfo(string Name, long Rows, IReadOnlyList<ColumnInfo> Columns)
{
    public ColumnInfo? Column(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A batch of streamed rows; <see cref="Rows"/> hold values in <see cref="Columns"/> order.</summary>
public sealed record RowBatch(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>The portable column types the portal reasons about; dialects map them to native types.</summary>
public enum WarehouseType
{
    Boolean,
    // CA1720: these members are named after the SQL types they stand for; their names also reach messages ("which is
    // Double after the recipe ...") and the CSV import's error hints, so they keep them.
#pragma warning disable CA1720
    Integer,   // 64-bit
    Double,
    Decimal,
#pragma warning restore CA1720
    Text,
    Timestamp,
    Date,
    Other,
}
