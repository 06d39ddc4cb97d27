using System.Text;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlopsPortal.Core.Data.Csv;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Warehouse.Migrations;
using MlopsPortal.Infrastructure.Data;
using MlopsPortal.Web.Components.Pages.Data;
using MlopsPortal.Web.Tests.Hosting;

namespace MlopsPortal.Web.Tests;

/// <summary>The Data page's components over a real DuckDB warehouse.</summary>
public sealed class DataPageTests : WarehouseBunitContext
{

    public DataPageTests()
    {
        Services.AddSingleton<IWarehouse>(Warehouse);
        Services.AddSingleton<CsvImportService>();
        Services.AddSingleton<ICurrentUser>(new TestUser("ada", Role.Admin));
        Services.AddScoped<DataTablesService>();
    }

    public override async ValueTask InitializeAsync()
    {
        await new MigrationRunner(Warehouse).RunAsync();
        var csv = "WEEK,COUNTY_NAME,SCORE\n" + string.Join("\n", Enumerable.Range(1, 30).Select(i => $"{i},County {i % 3},{i / 10.0}")) + "\n";
        await new CsvImportService(Warehouse).ImportAsync("WEEKLY", new MemoryStream(Encoding.UTF8.GetBytes(csv)), ImportMode.Create);
    }

    [Fact]
    public async Task The_preview_shows_the_row_count_the_column_types_and_the_first_page()
    {
        var info = (await Warehouse.DescribeTableAsync("WEEKLY", Xunit.TestContext.Current.CancellationToken))!;
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
        var tables = await Warehouse.ListTablesAsync(Xunit.TestContext.Current.CancellationToken);

        var list = Render<TableList>(p => p.Add(c => c.Tables, tables.Where(t => t.Name == "WEEKLY").ToList()));

        Assert.Contains("WEEKLY", list.Find("[data-testid=table-WEEKLY]").TextContent);
        Assert.Equal("30 rows", list.Find("[data-testid=row-count]").TextContent.Trim());
    }
}
