using System.Text;
using MlopsPortal.Core.Data.Csv;
using MlopsPortal.Core.Demo;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Tests.Warehouse;

namespace MlopsPortal.Infrastructure.Tests.Demo;

public sealed class DemoSeederTests : IDisposable
{
    private readonly TempWarehouse _temp = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Seeds_both_tables_once_and_only_the_missing_ones_later()
    {
        var seeder = new DemoSeeder(_temp.Warehouse);
        Assert.Equal(["INFERENCEMORTGAGEDATA", "NEWTRAININGDATA"], await seeder.SeedIfEmptyAsync(ct: Ct));
        Assert.Empty(await seeder.SeedIfEmptyAsync(ct: Ct));

        var inference = await _temp.Warehouse.DescribeTableAsync("INFERENCEMORTGAGEDATA", Ct);
        var training = await _temp.Warehouse.DescribeTableAsync("NEWTRAININGDATA", Ct);
        Assert.Equal(4_800, inference!.Rows);
        Assert.Equal(5_300, training!.Rows);
        Assert.Equal(DemoSchema.Columns.Select(c => (c.Name, c.Type)), inference.Columns.Select(c => (c.Name, c.Type)));
        Assert.Equal(200, await _temp.Warehouse.ScalarAsync<long>(
            "SELECT COUNT(*) FROM INFERENCEMORTGAGEDATA WHERE WEEK_START_DATE = $d", new { d = new DateTime(2025, 2, 9) }, Ct));

        await _temp.Warehouse.ExecuteAsync("DROP TABLE NEWTRAININGDATA", ct: Ct);
        Assert.Equal(["NEWTRAININGDATA"], await seeder.SeedIfEmptyAsync(ct: Ct));
        Assert.Equal(4_800, (await _temp.Warehouse.DescribeTableAsync("INFERENCEMORTGAGEDATA", Ct))!.Rows);
    }

    [Fact]
    public async Task Generated_csv_imports_with_the_same_types_as_the_seeded_tables()
    {
        var csv = new StringWriter();
        await DemoCsv.WriteAsync(csv, DemoDataGenerator.Generate(DemoTable.NewTrainingData), Ct);
        var result = await new CsvImportService(_temp.Warehouse).ImportAsync(
            "NEWTRAININGDATA", new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), ImportMode.Create, Ct);
        Assert.Equal(5_300, result.Rows);
        var info = await _temp.Warehouse.DescribeTableAsync("NEWTRAININGDATA", Ct);
        Assert.Equal(DemoSchema.Columns.Select(c => (c.Name, c.Type)), info!.Columns.Select(c => (c.Name, c.Type)));
        Assert.True(await _temp.Warehouse.ScalarAsync<long>(
            "SELECT COUNT(*) FROM NEWTRAININGDATA WHERE APPLICANT_INCOME_000S IS NULL", ct: Ct) > 20);
    }
}
