using MlopsPortal.Core.Common;
using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Tests.FeatureStore;

/// <summary>A training set's column rules on described tables, without a database (docs/architecture.md).</summary>
public sealed class TrainingSetColumnsTests
{
    private static readonly FeatureViewSpec View = new("LOAN_FEATURES", 1, ["LOAN"], "TS", "LOANS", null, []);
    private static readonly string[] Keys = ["LOAN_ID"];

    private static readonly TableInfo ViewTable = new(View.TableName, 10,
        [Col("LOAN_ID"), Col("TS", WarehouseType.Timestamp), Col("INCOME"), Col("AMOUNT")]);

    private static readonly TableInfo Spine = new("SPINE", 10, [Col("LOAN_ID"), Col("WEEK_START", WarehouseType.Timestamp), Col("RESPONSE")]);

    private static ColumnInfo Col(string name, WarehouseType type = WarehouseType.Double) => new(name, type, type.ToString().ToUpperInvariant());

    private static TrainingSetRequest Request(string[]? features = null, string output = "TRAINING_SET", string[]? labels = null) =>
        new("SPINE", "WEEK_START", labels ?? ["RESPONSE"], View.Name, 1, features ?? [], output);

    [Fact]
    public void By_default_every_view_column_but_the_keys_and_the_timestamp_is_a_feature()
    {
        Assert.Equal(["INCOME", "AMOUNT"], TrainingSetColumns.Features(Request(), View, ViewTable, Spine, Keys));
        Assert.Equal(["AMOUNT"], TrainingSetColumns.Features(Request(["amount"]), View, ViewTable, Spine, Keys));
    }

    [Theory]
    [InlineData(new[] { "TS" }, "TRAINING_SET", "RESPONSE", "Feature TS is not in LOAN_FEATURES")]
    [InlineData(new string[0], "SPINE", "RESPONSE", "Output table SPINE must differ from the spine and the feature view.")]
    [InlineData(new string[0], "TRAINING_SET", "LABEL", "Spine table SPINE has no column LABEL")]
    public void A_bad_request_is_refused_by_name(string[] features, string output, string label, string expected) =>
        Assert.Contains(expected, Assert.Throws<PortalValidationException>(() =>
            TrainingSetColumns.Features(Request(features, output, [label]), View, ViewTable, Spine, Keys)).Message, StringComparison.Ordinal);
}
