using System.Text.Json.Nodes;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Warehouse.Embedded;

namespace MlopsPortal.Core.Tests.Scoring;

/// <summary>A scoring run's rules, decided on a described table without a database (docs/architecture.md, "Held by tests").</summary>
public sealed class ScoringPlanTests
{
    private static readonly TableInfo Source = new("LOANS", 10,
    [
        new("LOAN_ID", WarehouseType.Integer, "BIGINT"),
        new("INCOME", WarehouseType.Double, "DOUBLE"),
        new("COUNTY", WarehouseType.Text, "VARCHAR"),
        new(OutputColumns.PredictedScore, WarehouseType.Double, "DOUBLE"),
    ]);

    private static readonly ModelVersion Version = new("M", "V1", null, [], "binary_classification",
        [new("INCOME"), new("COUNTY_A")],
        new PreprocessingSpec([FeatureSource.Raw("INCOME", "INCOME"), FeatureSource.Dummy("COUNTY_A", "COUNTY", "A")], new Dictionary<string, string>()),
        new ModelSource("upload", null, "xgboost-json", "00", 1, "model.json"), "ann", DateTime.UtcNow, []);

    private static ScoringRunSpec Spec(string output = "SCORED", double threshold = 0.5, IReadOnlyList<string>? keep = null, IReadOnlyList<FilterCondition>? filter = null) =>
        new() { Model = "M", Version = "V1", Source = "LOANS", Output = output, Threshold = threshold, KeepColumns = keep, Filter = filter ?? [] };

    [Fact]
    public void A_plan_keeps_the_source_columns_but_the_ones_the_run_writes_and_projects_every_model_input()
    {
        var plan = ScoringPlan.Create(Spec(filter: [new("LOAN_ID", ">", "3")]), Version, Source, DuckDbDialect.Instance);

        Assert.Equal(["LOAN_ID", "INCOME", "COUNTY"], plan.Kept.Select(c => c.Name));
        Assert.Equal(2, plan.Features.Expressions.Count);
        Assert.StartsWith("WHERE", plan.Where, StringComparison.Ordinal);
        Assert.Equal(3L, Assert.Single(plan.Parameters).Value);
    }

    [Theory]
    [InlineData("LOANS", "must differ from the source")]
    [InlineData("PORTAL_USERS", "reserved for the portal's own data")]
    public void An_output_that_is_the_source_the_portals_own_or_not_a_name_is_refused(string output, string expected)
    {
        var error = Assert.ThrowsAny<PortalValidationException>(() => ScoringPlan.Create(Spec(output), Version, Source, DuckDbDialect.Instance));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_that_is_not_a_name_is_refused_before_any_sql_is_written() =>
        Assert.Contains("not a valid output table name", Assert.Throws<InvalidIdentifierException>(
            () => ScoringPlan.Create(Spec("BAD NAME;"), Version, Source, DuckDbDialect.Instance)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_threshold_outside_the_open_unit_interval_is_refused(double threshold) =>
        Assert.Contains("strictly between 0 and 1", Assert.Throws<PortalValidationException>(
            () => ScoringPlan.Create(Spec(threshold: threshold), Version, Source, DuckDbDialect.Instance)).Message, StringComparison.Ordinal);

    [Fact]
    public void A_kept_or_filtered_column_the_source_lacks_and_a_missing_source_are_named()
    {
        Assert.Contains("NOPE", Assert.Throws<PortalValidationException>(
            () => ScoringPlan.Create(Spec(keep: ["NOPE"]), Version, Source, DuckDbDialect.Instance)).Message, StringComparison.Ordinal);
        Assert.Contains("GONE", Assert.Throws<PortalValidationException>(
            () => ScoringPlan.Create(Spec(filter: [new("GONE", "=", "1")]), Version, Source, DuckDbDialect.Instance)).Message, StringComparison.Ordinal);
        Assert.Contains("LOANS", Assert.Throws<PortalNotFoundException>(
            () => ScoringPlan.Create(Spec(), Version, null, DuckDbDialect.Instance)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_input_the_source_cannot_give_is_refused_before_anything_runs()
    {
        var noCounty = Source with { Columns = Source.Columns.Where(c => c.Name != "COUNTY").ToList() };
        var error = Assert.ThrowsAny<PortalValidationException>(() => ScoringPlan.Create(Spec(), Version, noCounty, DuckDbDialect.Instance));
        Assert.Contains("COUNTY", error.Message, StringComparison.Ordinal);
    }
}
