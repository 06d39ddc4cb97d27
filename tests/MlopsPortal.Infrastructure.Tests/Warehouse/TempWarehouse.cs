using MlopsPortal.Infrastructure.Warehouse.Embedded;

namespace MlopsPortal.Infrastructure.Tests.Warehouse;

/// <summary>A real DuckDB warehouse in a fresh temporary directory, deleted afterwards.</summary>
public sealed class TempWarehouse : IDisposable
{
    public TempWarehouse()
    {
        Directory = Path.Combine(Path.GetTempPath(), "mlops-wh-" + Guid.NewGuid().ToString("N"));
        Warehouse = new DuckDbWarehouse(new EmbeddedWarehouseOptions(Directory));
    }

    public string Directory { get; }
    public DuckDbWarehouse Warehouse { get; }

    public void Dispose()
    {
        Warehouse.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
