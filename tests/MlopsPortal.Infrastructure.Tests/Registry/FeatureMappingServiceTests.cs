using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Security;

namespace MlopsPortal.Infrastructure.Tests.Registry;

public sealed class FeatureMappingServiceTests : IAsyncLifetime
{
    private readonly RegistryBed _bed = new();

    public async ValueTask InitializeAsync()
    {
        await _bed.InitializeAsync();
        await _bed.Warehouse.ExecuteAsync("""
            CREATE TABLE INFERENCEMORTGAGEDATA (WEEK BIGINT, LOAN_ID BIGINT, TS VARCHAR, LOAN_PURPOSE_NAME VARCHAR,
                APPLICANT_INCOME_000S DOUBLE, LOAN_AMOUNT_000S BIGINT, COUNTY_NAME VARCHAR, MORTGAGERESPONSE BIGINT);
            INSERT INTO INFERENCEMORTGAGEDATA VALUES
                (1, 1, '20:15.4', 'Refinancing', 50, 100, 'Queens County', 1),
                (1, 2, '20:15.4', 'Home purchase', NULL, 200, 'Albany County', 0),
                (2, 3, '20:15.4', 'Refinancing', 70, 300, 'Rensselaer County', 1),
                (2, 4, '20:15.4', 'Refinancing', 80, 400, 'Ulster County', 0);
            """);
    }

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    [Fact]
    public async Task Maps_the_lab_models_features_onto_the_inference_table()
    {
        _bed.User.Act("manager", Role.Viewer);
        var service = new FeatureMappingService(_bed.Warehouse, _bed.User);
        var spec = await service.MapAsync(FeatureList.Parse(Fixtures.LabHeader), "INFERENCEMORTGAGEDATA", TestContext.Current.CancellationToken);

        Assert.Empty(spec.Unmapped);
        Assert.Equal(["WEEK", "LOAN_ID", "APPLICANT_INCOME_000S", "LOAN_AMOUNT_000S"], spec.NumericColumns);
        Assert.Equal(4, spec.OneHot.Count());
        Assert.Equal("Home purchase", spec.DroppedCategories["LOAN_PURPOSE_NAME"]);
        Assert.Equal("Albany County", spec.DroppedCategories["COUNTY_NAME"]);
    }

    [Fact]
    public async Task Unknown_table_and_unmatched_values_are_named()
    {
        var service = new FeatureMappingService(_bed.Warehouse, _bed.User);
        var e = await Assert.ThrowsAsync<PortalNotFoundException>(() => service.MapAsync(["A"], "NO_SUCH_TABLE", TestContext.Current.CancellationToken));
        Assert.Contains("NO_SUCH_TABLE", e.Message);
        var spec = await service.MapAsync(["COUNTY_NAME_Kings County", "CREDIT"], "INFERENCEMORTGAGEDATA", TestContext.Current.CancellationToken);
        Assert.Equal(["COUNTY_NAME_Kings County", "CREDIT"], spec.Unmapped);
    }
}
