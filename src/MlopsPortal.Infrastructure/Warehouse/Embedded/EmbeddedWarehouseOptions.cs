namespace MlopsPortal.Infrastructure.Warehouse.Embedded;

/// <summary>
/// Where the embedded warehouse keeps its file (<c>&lt;DataDirectory&gt;/warehouse.duckdb</c>) and how much of the
/// machine DuckDB may take. The defaults suit a 2-core machine with a few GB that also runs the portal: DuckDB spills
/// to <see cref="TempDirectory"/> beyond <see cref="MemoryLimit"/> instead of growing, so big tables cost disk, not RAM.
/// </summary>
public sealed record EmbeddedWarehouseOptions(string DataDirectory)
{
    public const string FileName = "warehouse.duckdb";

    /// <summary>Configuration key of <see cref="MemoryLimit"/>.</summary>
    public const string MemoryLimitKey = "Warehouse:MemoryLimit";

    /// <summary>Configuration key of <see cref="Threads"/>.</summary>
    public const string ThreadsKey = "Warehouse:Threads";

    public const string DefaultMemoryLimit = "128MB";

    public string FilePath => Path.Combine(Path.GetFullPath(DataDirectory), FileName);

    /// <summary>DuckDB's <c>memory_limit</c>, in its own syntax (<c>256MB</c>, <c>2GB</c>).</summary>
    public string MemoryLimit { get; init; } = DefaultMemoryLimit;

    /// <summary>DuckDB's worker threads; 0 = DuckDB's default (all cores), otherwise at most 2 by default.</summary>
    public int Threads { get; init; } = Math.Min(2, Environment.ProcessorCount);

    /// <summary>Where DuckDB spills what does not fit <see cref="MemoryLimit"/>.</summary>
    public string TempDirectory => Path.Combine(Path.GetFullPath(DataDirectory), "duckdb-tmp");
}
