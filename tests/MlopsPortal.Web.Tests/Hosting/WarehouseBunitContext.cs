using Bunit;
using Microsoft.AspNetCore.Components;
using MlopsPortal.Infrastructure.Warehouse.Embedded;
using MudBlazor.Services;

namespace MlopsPortal.Web.Tests.Hosting;

/// <summary>
/// A bUnit context over a real DuckDB warehouse in a temporary directory of its own (deleted afterwards), with
/// MudBlazor's services and loose JS interop (<see cref="RenderInteractively"/> for an interactive renderer): what
/// every component test on real data needs. A test class registers its services in its constructor and seeds its
/// tables in <see cref="InitializeAsync"/>.
/// </summary>
public abstract class WarehouseBunitContext : BunitContext, IAsyncLifetime
{
    protected WarehouseBunitContext()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "mlops-bunit-" + Guid.NewGuid().ToString("N"));
        Warehouse = new DuckDbWarehouse(new EmbeddedWarehouseOptions(DataDirectory));
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    /// <summary>
    /// Renders as the interactive server does. Call it last in the constructor: it builds the service provider, after
    /// which no service can be added.
    /// </summary>
    protected void RenderInteractively() => Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));

    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    protected string DataDirectory { get; }

    protected DuckDbWarehouse Warehouse { get; }

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Warehouse.Dispose();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}
