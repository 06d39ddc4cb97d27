using System.Text.Json.Nodes;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse.Migrations;
using MlopsPortal.Infrastructure.Registry;
using MlopsPortal.Infrastructure.Warehouse.Embedded;

namespace MlopsPortal.Infrastructure.Tests.Registry;

/// <summary>
/// Two registry stores on one warehouse, each with its own warehouse object (so no lock they share), writing at once:
/// the model-stamp claims alone keep one model row, one alias holder and gap-free, distinct audit numbers.
/// </summary>
public sealed class RegistryAcrossInstancesTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _dir = Directory.CreateTempSubdirectory("mlops-registry-race-").FullName;
    private readonly DuckDbWarehouse _a;
    private readonly DuckDbWarehouse _b;

    public RegistryAcrossInstancesTests()
    {
        _a = new DuckDbWarehouse(new EmbeddedWarehouseOptions(_dir));
        _b = new DuckDbWarehouse(new EmbeddedWarehouseOptions(_dir));
    }

    private static NewModelVersion Version(string model, string name)
    {
        var spec = new FeatureSpec("A");
        return new NewModelVersion(new ModelVersion(model, name, null, new JsonObject(), ModelTasks.TabularBinaryClassification,
            [spec], PreprocessingSpec.Identity([spec]), new ModelSource("Upload", "m.json", "xgboost-json", new string('a', 64), 1, "m.json"),
            "seed", DateTime.UtcNow, []), null, new Dictionary<string, string>());
    }

    [Fact]
    public async Task Concurrent_imports_of_a_new_model_and_alias_moves_over_two_stores_stay_consistent()
    {
        await new MigrationRunner(_a).RunAsync(Ct);
        var stores = new[] { new WarehouseRegistryStore(_a), new WarehouseRegistryStore(_b) };

        await Task.WhenAll(Enumerable.Range(1, 8).Select(i => stores[i % 2].AddVersionAsync(Version("RACE", $"V{i}"), Ct)));
        await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            stores[i % 2].ChangeAliasAsync(new AliasChangeRequest("RACE", "PRODUCTION", $"V{i % 8 + 1}", "ops", Role.Admin, $"move {i}"), Ct)));

        Assert.Equal(1, await _b.ScalarAsync<long>("SELECT COUNT(*) FROM PORTAL_MODELS WHERE MODEL_NAME = 'RACE'", ct: Ct));
        Assert.Equal(8, await _b.ScalarAsync<long>("SELECT COUNT(DISTINCT SEQ) FROM PORTAL_MODEL_VERSIONS WHERE MODEL_NAME = 'RACE'", ct: Ct));
        Assert.Equal(1, await _b.ScalarAsync<long>("SELECT COUNT(*) FROM PORTAL_MODEL_ALIASES WHERE MODEL_NAME = 'RACE' AND ALIAS_NAME = 'PRODUCTION'", ct: Ct));
        var audit = await stores[1].GetAuditAsync("RACE", Ct);
        // 8 imports and 16 moves (PRODUCTION is the only user alias, so no move displaces another): 24 numbers, none twice.
        Assert.Equal(24, audit.Count);
        Assert.Equal(Enumerable.Range(1, 24).Select(n => (long)n), audit.Select(a => a.Seq));
        var moves = audit.Where(a => a.Alias == "PRODUCTION").ToList();
        for (var i = 1; i < moves.Count; i++)
            Assert.Equal(moves[i - 1].To, moves[i].From);
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
