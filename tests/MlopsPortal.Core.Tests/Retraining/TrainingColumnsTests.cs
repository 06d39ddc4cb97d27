using MlopsPortal.Core.Common;
using MlopsPortal.Core.Retraining;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Tests.Retraining;

/// <summary>A training run's rules on a described table, decided without a database (docs/architecture.md).</summary>
public sealed class TrainingColumnsTests
{
    private static readonly TableInfo Table = new("NEWTRAININGDATA_FINAL", 100,
    [
        new("LOAN_ID", WarehouseType.Integer, "BIGINT"),
        new("APPLICANT_INCOME_000S", WarehouseType.Double, "DOUBLE"),
        new("LOAN_PURPOSE_NAME_OHE_HOME", WarehouseType.Integer, "INTEGER"),
        new("LOAN_PURPOSE_NAME_OHE_CAR", WarehouseType.Boolean, "BOOLEAN"),
        new("COUNTY_NAME", WarehouseType.Text, "VARCHAR"),
        new("MORTGAGERESPONSE", WarehouseType.Integer, "INTEGER"),
    ]);

    private static TrainingRunSpec Spec(params string[] features) =>
        new() { Model = "M", Version = "V2", TrainingTable = Table.Name, Label = "mortgageresponse", Features = features };

    [Fact]
    public void Names_and_prefixes_resolve_to_numeric_columns_in_order_without_repeats()
    {
        var (_, features, label) = TrainingColumns.Resolve(Spec("APPLICANT_INCOME_000S", "LOAN_PURPOSE_NAME_OHE_", "loan_purpose_name_ohe_home"), Table);

        Assert.Equal(["APPLICANT_INCOME_000S", "LOAN_PURPOSE_NAME_OHE_HOME", "LOAN_PURPOSE_NAME_OHE_CAR"], features);
        Assert.Equal("MORTGAGERESPONSE", label.Name);
    }

    [Theory]
    [InlineData("COUNTY_NAME", "Feature COUNTY_NAME is a VARCHAR column")]
    [InlineData("MORTGAGERESPONSE", "The label MORTGAGERESPONSE cannot also be a feature.")]
    [InlineData("NOPE", "has no column NOPE")]
    [InlineData("NOPE_", "No numeric column of NEWTRAININGDATA_FINAL starts with NOPE_.")]
    public void A_bad_feature_is_refused_by_name(string feature, string expected) =>
        Assert.Contains(expected, Assert.Throws<PortalValidationException>(() => TrainingColumns.Resolve(Spec(feature), Table)).Message, StringComparison.Ordinal);

    [Fact]
    public void A_missing_table_a_text_label_and_a_bad_spec_are_refused_by_name()
    {
        Assert.Equal("There is no table NEWTRAININGDATA_FINAL.",
            Assert.Throws<PortalValidationException>(() => TrainingColumns.Resolve(Spec("LOAN_ID"), null)).Message);
        Assert.Contains("must hold 0/1", Assert.Throws<PortalValidationException>(() =>
            TrainingColumns.Resolve(Spec("LOAN_ID") with { Label = "COUNTY_NAME" }, Table)).Message, StringComparison.Ordinal);
        Assert.Contains("test ratio", Assert.Throws<PortalValidationException>(() =>
            TrainingColumns.CheckSpec(Spec("LOAN_ID") with { TestRatio = 1 })).Message, StringComparison.Ordinal);
        Assert.Contains("Unknown trainer xgb", Assert.Throws<PortalValidationException>(() =>
            TrainingColumns.CheckSpec(Spec("LOAN_ID") with { Trainer = "xgb" })).Message, StringComparison.Ordinal);
        Assert.ThrowsAny<Exception>(() => TrainingColumns.CheckSpec(Spec("LOAN_ID") with { TrainingTable = "T; DROP TABLE X" }));
        Assert.Contains("at least one feature", Assert.Throws<PortalValidationException>(() => TrainingColumns.Resolve(Spec(), Table)).Message, StringComparison.Ordinal);
    }
}
