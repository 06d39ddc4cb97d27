using MlopsPortal.Core.Common;
using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Warehouse.Embedded;

namespace MlopsPortal.Core.Tests.FeatureStore;

public sealed class RecipeCompilerTests
{
    private static readonly DuckDbDialect D = DuckDbDialect.Instance;

    private static readonly IReadOnlyList<ColumnInfo> Source =
    [
        new("ID", WarehouseType.Integer, "BIGINT"),
        new("KIND", WarehouseType.Text, "VARCHAR"),
        new("AMOUNT", WarehouseType.Text, "VARCHAR"),
    ];

    private static readonly RetrainingRecipe Recipe = new("R", "SRC", "OUT",
        [
            new ColumnRule("KIND", RuleKind.ValueMap, Map: new Dictionary<string, string> { ["a-b"] = "AB" }),
            new ColumnRule("KIND", RuleKind.Replace, Characters: [" ", "."], Replacement: "_"),
            new ColumnRule("AMOUNT", RuleKind.Cast, CastTo: CastType.Double),
        ],
        ["KIND"]);

    [Fact]
    public void Clean_step_composes_rules_per_column_with_bound_values()
    {
        var cleaned = RecipeCompiler.Clean(Recipe, Source, D);

        Assert.Equal(
            "SELECT \"ID\", REPLACE(REPLACE(CASE \"KIND\" WHEN $p0 THEN $p1 ELSE \"KIND\" END, $p2, $p3), $p4, $p5) AS \"KIND\", "
            + "TRY_CAST(\"AMOUNT\" AS DOUBLE) AS \"AMOUNT\" FROM \"SRC\"",
            cleaned.Sql);
        Assert.Equal(["a-b", "AB", " ", "_", ".", "_"], cleaned.Parameters.OrderBy(p => int.Parse(p.Key[1..])).Select(p => p.Value));
        Assert.Equal(WarehouseType.Double, cleaned.Columns.Single(c => c.Name == "AMOUNT").Type);
    }

    [Fact]
    public void Full_plan_one_hot_encodes_found_levels_keeps_originals_and_fills_numeric_nulls()
    {
        var plan = RecipeCompiler.Compile(Recipe, Source, new Dictionary<string, IReadOnlyList<string>> { ["KIND"] = ["x y", "AB"] }, D);

        const string clean = "SELECT \"ID\", REPLACE(REPLACE(CASE \"KIND\" WHEN $p0 THEN $p1 ELSE \"KIND\" END, $p2, $p3), $p4, $p5) AS \"KIND\", TRY_CAST(\"AMOUNT\" AS DOUBLE) AS \"AMOUNT\" FROM \"SRC\"";
        const string oneHot = "SELECT \"CLEANED\".*, CASE WHEN \"KIND\" = $p6 THEN 1 ELSE 0 END AS \"KIND_OHE_AB\", CASE WHEN \"KIND\" = $p7 THEN 1 ELSE 0 END AS \"KIND_OHE_x_y\" FROM (" + clean + ") AS \"CLEANED\"";
        Assert.Equal(oneHot, plan.Steps[RecipeStep.OneHot].Sql);
        Assert.Equal(
            "CREATE OR REPLACE TABLE \"OUT\" AS SELECT COALESCE(\"ID\", CAST($p8 AS BIGINT)) AS \"ID\", \"KIND\", COALESCE(\"AMOUNT\", CAST($p8 AS DOUBLE)) AS \"AMOUNT\", \"KIND_OHE_AB\", \"KIND_OHE_x_y\" FROM (" + oneHot + ") AS \"ENCODED\"",
            plan.CreateOutput.Sql);
        Assert.Equal(0.0, plan.CreateOutput.Parameters["p8"]);
        Assert.Equal("x y", plan.CreateOutput.Parameters["p7"]);
        Assert.Equal(["p0", "p1", "p2", "p3", "p4", "p5"], plan.Steps[RecipeStep.Clean].Parameters.Keys.Order());
        Assert.Equal("SELECT * FROM \"SRC\"", plan.Steps[RecipeStep.Source].Sql);
        Assert.Equal(["ID", "KIND", "AMOUNT", "KIND_OHE_AB", "KIND_OHE_x_y"], plan.OutputColumns.Select(c => c.Name));
    }

    [Fact]
    public void Preview_is_a_limited_select_over_the_step()
    {
        var step = new MlopsPortal.Core.FeatureStore.SqlText("SELECT 1", new Dictionary<string, object?>());
        Assert.Equal("SELECT * FROM (SELECT 1) AS \"PREVIEW\" LIMIT 10", step.Limit(10).Sql);
        Assert.EndsWith("LIMIT 1000", step.Limit(1_000_000).Sql);
    }

    [Theory]
    [InlineData("NOPE", RuleKind.Remove, "no column NOPE")]
    [InlineData("ID", RuleKind.Remove, "works on text")]
    public void Rules_on_missing_or_non_text_columns_are_refused(string column, RuleKind kind, string message)
    {
        var recipe = Recipe with { Rules = [new ColumnRule(column, kind, Characters: ["-"])] };
        Assert.Contains(message, Assert.Throws<PortalValidationException>(() => RecipeCompiler.Clean(recipe, Source, D)).Message);
    }

    [Fact]
    public void One_hot_values_that_collide_after_sanitizing_are_refused()
    {
        var ex = Assert.Throws<PortalValidationException>(() =>
            RecipeCompiler.Compile(Recipe, Source, new Dictionary<string, IReadOnlyList<string>> { ["KIND"] = ["a b", "a.b"] }, D));
        Assert.Contains("KIND_OHE_a_b", ex.Message);
    }

    [Fact]
    public void One_hot_of_a_numeric_column_is_refused()
    {
        var recipe = Recipe with { OneHotColumns = ["AMOUNT"] };
        Assert.Contains("AMOUNT", Assert.Throws<PortalValidationException>(() => RecipeCompiler.Clean(recipe, Source, D)).Message);
    }

    [Fact]
    public void Validator_lists_every_problem()
    {
        var bad = new RetrainingRecipe("bad name", "SRC", "SRC",
            [
                new ColumnRule("A", RuleKind.ValueMap),
                new ColumnRule("B", RuleKind.Replace, Characters: ["-"]),
                new ColumnRule("C", RuleKind.Remove, Characters: [""]),
                new ColumnRule("D", RuleKind.Cast),
            ],
            ["X", "x"]);
        var problems = RecipeValidator.Problems(bad);

        Assert.Equal(7, problems.Count);
        Assert.Contains(problems, p => p.Contains("'bad name'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("must differ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Rule 1 (A)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Rule 2 (B) replaces characters but gives no replacement", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Rule 3 (C)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Rule 4 (D) casts", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("listed 2 times", StringComparison.Ordinal));
        Assert.Empty(RecipeValidator.Problems(LabRecipeTemplate.Recipe));
    }

    [Theory]
    [InlineData("COUNTY_NAME", "Rensselaer County", "COUNTY_NAME_OHE_Rensselaer_County")]
    [InlineData("LOAN_TYPE_NAME", "FSA_RHS", "LOAN_TYPE_NAME_OHE_FSA_RHS")]
    [InlineData("C", "a$b/é", "C_OHE_a_b__")]
    public void One_hot_names_are_warehouse_safe(string column, string value, string expected) =>
        Assert.Equal(expected, OneHotNames.For(column, value));
}
