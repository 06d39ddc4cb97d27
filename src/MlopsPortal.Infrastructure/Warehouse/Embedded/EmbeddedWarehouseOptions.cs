namespace MlopsPortal.Infrastructure.Warehouse.Embedded;

/// <summary>Where the embedded warehouse keeps its file: <c>&lt;DataDirectory&gt;/warehouse.duckdb</c>.</summary>
public sealed record EmbeddedWarehouseOptions(string DataDirectory)
{
    public const string FileName = "warehouse.duckdb";

    public string FilePath => Path.Combine(Path.GetFullPath(DataDirectory), FileName);
}
