using MlopsPortal.Core.SnowflakeNative;
using System.Text.Json.Nodes;
using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Infrastructure.Scoring;
using MlopsPortal.Infrastructure.Snowflake;
using MlopsPortal.Infrastructure.SnowflakeNative;
using static MlopsPortal.TestKit.Snowflake.FakeSqlApiServer;

namespace MlopsPortal.Infrastructure.Tests.SnowflakeNative;

/// <summary>
/// A version that carries the lab's recipe, scored on Snowflake through the fake SQL API: both the compiled INSERT …
/// SELECT and the streamed SELECT send the recipe's cleaning inlined (Snowflake quoting, literals, no bindings).
/// </summary>
public sealed class RecipeScoringSqlTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // What the recipe makes of the raw purpose, in Snowflake's SQL: '-', ' ', '.' → '_'.
    private const string CleanPurpose = "REPLACE(REPLACE(REPLACE(\"LOAN_PURPOSE_NAME\", '-', '_'), ' ', '_'), '.', '_')";

    private static readonly PreprocessingSpec Preprocessing = RecipePreprocessing.Build(
        LabRecipeTemplate.Recipe, ["LOAN_AMOUNT_000S", "APPLICANT_INCOME_000S", "LOAN_PURPOSE_NAME_OHE_Home_purchase"],
        new Dictionary<string, IReadOnlyList<string>> { ["LOAN_PURPOSE_NAME"] = ["Home_improvement", "Home_purchase", "Refinancing"] });

    private static readonly string[] Expected =
    [
        "COALESCE(CAST(CAST(\"LOAN_AMOUNT_000S\" AS FLOAT) AS DOUBLE), CAST(0 AS DOUBLE))",
        "COALESCE(CAST(TRY_CAST(\"APPLICANT_INCOME_000S\" AS FLOAT) AS DOUBLE), CAST(0 AS DOUBLE))",
        $"CASE WHEN CAST({CleanPurpose} AS VARCHAR) = 'Home_purchase' THEN 1.0 ELSE 0.0 END",
    ];

    private static FakeResponse Answer(FakeRequest r) => r.Statement!.StartsWith("SELECT t.TABLE_NAME", StringComparison.Ordinal)
        ? ResultSet("h-cat",
            [Col("TABLE_NAME", "TEXT"), Col("ROW_COUNT", "FIXED"), Col("COLUMN_NAME", "TEXT"), Col("DATA_TYPE", "TEXT"), Col("NUMERIC_SCALE", "FIXED"), Col("IS_NULLABLE", "TEXT")],
            new (string, string)[] { ("LOAN_ID", "NUMBER"), ("WEEK", "NUMBER"), ("LOAN_TYPE_NAME", "TEXT"), ("LOAN_PURPOSE_NAME", "TEXT"),
                ("APPLICANT_INCOME_000S", "TEXT"), ("LOAN_AMOUNT_000S", "NUMBER") }
                .Select(c => new string?[] { "INFERENCEMORTGAGEDATA", "4800", c.Item1, c.Item2, "0", "YES" }))
        : r.Statement.StartsWith("INSERT", StringComparison.Ordinal)
            ? ResultSet("h-ins", [Col("number of rows inserted", "FIXED")], [["4800"]], stats: new { numRowsInserted = 4800, numRowsUpdated = 0, numRowsDeleted = 0 })
            : ResultSet("h-sel", [Col("LOAN_ID", "FIXED"), Col("__MLOPS_F0", "REAL"), Col("__MLOPS_F1", "REAL"), Col("__MLOPS_F2", "REAL")], [["1", "300", "0", "1"]]);

    [Fact]
    public async Task The_compiled_statement_cleans_the_raw_columns_inside_Snowflake()
    {
        var (server, client, http) = SnowflakeTestKit.Start(Answer);
        await using var _ = server;
        using var __ = http;
        var warehouse = new SnowflakeWarehouse(client, new SnowflakeWarehouseOptions());

        await new SnowflakeScoring(warehouse).ScorePortalModelAsync(ScoringStatementsTests.TwoStumps(), Preprocessing,
            new WarehouseScoringTarget("INFERENCEMORTGAGEDATA", "V2_PREDICTIONS", ["LOAN_ID", "WEEK"]), Ct);

        var insert = Assert.Single(server.Submits, s => s.Statement!.StartsWith("INSERT", StringComparison.Ordinal));
        for (var i = 0; i < Expected.Length; i++)
            Assert.Contains($"{Expected[i]} AS __MLOPS_F{i}", insert.Statement);
        Assert.DoesNotContain("COUNTY_NAME", insert.Statement);   // the recipe's rules on columns the model never reads stay out
        Assert.DoesNotContain("?", insert.Statement);             // values inlined as literals: the statement stands alone
        Assert.Null(insert.Body!["bindings"]);
    }

    [Fact]
    public async Task The_streamed_select_sends_the_same_cleaning()
    {
        var (server, client, http) = SnowflakeTestKit.Start(Answer);
        await using var _ = server;
        using var __ = http;
        var warehouse = new SnowflakeWarehouse(client, new SnowflakeWarehouseOptions());
        var version = new ModelVersion("M", "V2", null, new JsonObject(), ModelTasks.TabularBinaryClassification,
            Preprocessing.Features.Select(f => new FeatureSpec(f.Feature)).ToList(), Preprocessing,
            new ModelSource("Trained", null, "xgboost-json", new string('a', 64), 1, "m.json"), "dana", DateTime.UtcNow, []);
        var spec = new ScoringRunSpec { Model = "M", Version = "V2", Source = "INFERENCEMORTGAGEDATA", Output = "OUT", KeepColumns = ["LOAN_ID"] };

        var plan = await ScoringPlan.CreateAsync(warehouse, spec, version, Ct);
        Assert.True(plan.Features.RecipeApplied);
        var rows = new List<object?[]>();
        await foreach (var batch in warehouse.StreamAsync(plan.FeatureSelect(SnowflakeDialect.Instance), plan.Parameters, ct: Ct))
            rows.AddRange(batch.Rows);

        var select = Assert.Single(server.Submits, s => s.Statement!.StartsWith("SELECT \"LOAN_ID\"", StringComparison.Ordinal)).Statement!;
        Assert.Equal($"SELECT \"LOAN_ID\", {string.Join(", ", Expected.Select((e, i) => $"{e} AS __MLOPS_F{i}"))} FROM \"INFERENCEMORTGAGEDATA\" ", select);
        Assert.Equal([300f, 0f, 1f], plan.Inputs(rows));
    }

    [Fact]
    public void A_source_without_a_column_the_recipe_version_reads_is_refused_naming_it_and_the_table()
    {
        // No purpose column, and no county either (which the recipe cleans but this model never reads: no complaint about it).
        var source = new Core.Warehouse.TableInfo("WEEKLY", 10,
        [
            new("LOAN_ID", Core.Warehouse.WarehouseType.Integer, "NUMBER"), new("APPLICANT_INCOME_000S", Core.Warehouse.WarehouseType.Text, "VARCHAR"),
            new("LOAN_AMOUNT_000S", Core.Warehouse.WarehouseType.Integer, "NUMBER"),
        ]);
        var e = Assert.Throws<Core.Common.PortalValidationException>(() => FeatureProjection.Build(Preprocessing, source, SnowflakeDialect.Instance));
        Assert.Equal($"Feature LOAN_PURPOSE_NAME_OHE_Home_purchase needs column LOAN_PURPOSE_NAME (read through the version's recipe {LabRecipeTemplate.Name}), which WEEKLY does not have.", e.Message);

        // The recipe's output (every feature present) is read as is: no cleaning, no fill.
        var final = new Core.Warehouse.TableInfo("FINAL", 10, Preprocessing.Features.Select(f => new Core.Warehouse.ColumnInfo(f.Feature, Core.Warehouse.WarehouseType.Double, "FLOAT")).ToList());
        var asIs = FeatureProjection.Build(Preprocessing, final, SnowflakeDialect.Instance);
        Assert.False(asIs.RecipeApplied);
        Assert.Equal(Preprocessing.Features.Select(f => $"CAST({SnowflakeDialect.Instance.Quote(f.Feature)} AS DOUBLE)"), asIs.Expressions);
    }
}
