using System.Text;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlopsPortal.Core.Data.Csv;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Warehouse.Migrations;
using MlopsPortal.Infrastructure.Data;
using MlopsPortal.Infrastructure.Warehouse.Embedded;
using MlopsPortal.Web.Components.Pages.Data;
using MudBlazor.Services;

namespace MlopsPortal.Web.Tests;

/// <summary>The Data page's components over a real DuckDB warehouse.</summary>
public sealed class DataPageTests : BunitContext, IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mlops-bunit-" + Guid.NewGuid().ToString("N"));
    private readonly DuckDbWarehouse _warehouse;

    public DataPageTests()
    {
        _warehouse = new DuckDbWarehouse(new EmbeddedWarehouseOptions(_dir));
        Services.AddMudServices();
        Services.AddSingleton<IWarehouse>(_warehouse);
        Services.AddSingleton<CsvImportService>();
        Services.AddSingleton<ICurrentUser>(new Caller());
        Services.AddScoped<DataTablesService>();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public async ValueTask InitializeAsync()
    {
        await new MigrationRunner(_warehouse).RunAsync();
        var csv = "WEEK,COUNTY_NAME,SCORE\n" + string.Join("\n", Enumerable.Range(1, 30).Select(i => $"{i},County {i % 3},{i / 10.0}")) + "\n";
        await new CsvImportService(_warehouse).ImportAsync("WEEKLY", new MemoryStream(Encoding.UTF8.GetBytes(csv)), ImportMode.Create);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _warehouse.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public async Task The_preview_shows_the_row_count_the_column_types_and_the_first_page()
    {
        var info = (await _warehouse.DescribeTableAsync("WEEKLY", Xunit.TestContext.Current.CancellationToken))!;
        Render<MudBlazor.MudPopoverProvider>();

        var preview = Render<TablePreview>(p => p.Add(c => c.Table, info));

        preview.WaitForAssertion(() => Assert.Equal(25, preview.FindAll("tbody tr").Count));
        Assert.Equal("30 rows", preview.Find("[data-testid=table-rows]").TextContent.Trim());
        var columns = preview.Find("[data-testid=table-columns]").TextContent;
        Assert.Contains("WEEK", columns);
        Assert.Contains("BIGINT", columns);
        Assert.Contains("VARCHAR", columns);
        Assert.Contains("County 1", preview.FindAll("tbody tr")[0].TextContent);
    }

    [Fact]
    public async Task The_table_list_shows_each_table_with_its_rows()
    {
        var tables = await _warehouse.ListTablesAsync(Xunit.TestContext.Current.CancellationToken);

        var list = Render<TableList>(p => p.Add(c => c.Tables, tables.Where(t => t.Name == "WEEKLY").ToList()));

        Assert.Contains("WEEKLY", list.Find("[data-testid=table-WEEKLY]").TextContent);
        Assert.Equal("30 rows", list.Find("[data-testid=row-count]").TextContent.Trim());
    }

    private sealed class Caller : ICurrentUser
    {
        public ValueTask<PortalPrincipal?> GetAsync() => ValueTask.FromResult<PortalPrincipal?>(new("ada", Role.Admin));
    }
}
