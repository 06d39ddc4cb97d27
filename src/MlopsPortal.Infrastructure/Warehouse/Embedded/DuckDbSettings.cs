using System.ComponentModel.DataAnnotations;

namespace MlopsPortal.Infrastructure.Warehouse.Embedded;

/// <summary>
/// Section <c>Warehouse</c>, the embedded DuckDB's share of the machine: <c>Warehouse:MemoryLimit</c> (DuckDB's
/// <c>memory_limit</c>; beyond it DuckDB spills to disk instead of growing) and <c>Warehouse:Threads</c>. The defaults
/// (128MB, at most 2 threads) suit a 2-core machine with a few GB that also runs the portal (docs/architecture.md).
/// </summary>
public sealed class DuckDbSettings
{
    public const string Section = "Warehouse";

    [RegularExpression(@"(?i)^\s*\d+(\.\d+)?\s*[KMGT]i?B\s*$", ErrorMessage = "must be a size such as 256MB or 2GB.")]
    public string MemoryLimit { get; set; } = EmbeddedWarehouseOptions.DefaultMemoryLimit;

    /// <summary>DuckDB's worker threads; 0 = all cores.</summary>
    [Range(0, 256, ErrorMessage = "must be between 0 (all cores) and 256.")]
    public int Threads { get; set; } = Math.Min(2, Environment.ProcessorCount);
}
