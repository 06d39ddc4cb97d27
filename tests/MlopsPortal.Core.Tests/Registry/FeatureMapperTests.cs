using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Tests.Registry;

public class FeatureMapperTests
{
    private static readonly ColumnInfo[] LabColumns =
    [
        new("WEEK_START_DATE", WarehouseType.Timestamp, "TIMESTAMP"),
        new("WEEK", WarehouseType.Integer, "BIGINT"),
        new("LOAN_ID", WarehouseType.Integer, "BIGINT"),
        new("TS", WarehouseType.Text, "VARCHAR"),
        new("LOAN_TYPE_NAME", WarehouseType.Text, "VARCHAR"),
        new("LOAN_PURPOSE_NAME", WarehouseType.Text, "VARCHAR"),
        new("APPLICANT_INCOME_000S", WarehouseType.Double, "DOUBLE"),
        new("LOAN_AMOUNT_000S", WarehouseType.Integer, "BIGINT"),
        new("COUNTY_NAME", WarehouseType.Text, "VARCHAR"),
        new("MORTGAGERESPONSE", WarehouseType.Integer, "BIGINT"),
    ];

    private static readonly Dictionary<string, IReadOnlyCollection<string>> LabValues = new()
    {
        ["LOAN_TYPE_NAME"] = ["Conventional", "FHA-insured", "VA-guaranteed", "FSA/RHS-guaranteed"],
        ["LOAN_PURPOSE_NAME"] = ["Refinancing", "Home purchase", "Home improvement"],
        ["COUNTY_NAME"] = ["Lake County", "Cook County", "DuPage County", "Will County"],
    };

    [Fact]
    public void Recognises_raw_columns_and_get_dummies_columns_with_drop_first()
    {
        string[] features =
        [
            "WEEK", "LOAN_ID", "APPLICANT_INCOME_000S", "LOAN_AMOUNT_000S",
            "LOAN_TYPE_NAME_FHA-insured", "LOAN_TYPE_NAME_FSA/RHS-guaranteed", "LOAN_TYPE_NAME_VA-guaranteed",
            "LOAN_PURPOSE_NAME_Home purchase", "LOAN_PURPOSE_NAME_Refinancing",
            "COUNTY_NAME_DuPage County", "COUNTY_NAME_Lake County", "COUNTY_NAME_Will County",
        ];
        var spec = FeatureMapper.Map(features, LabColumns, LabValues);

        Assert.Empty(spec.Unmapped);
        Assert.Equal(features, spec.Features.Select(f => f.Feature));
        Assert.Equal(["WEEK", "LOAN_ID", "APPLICANT_INCOME_000S", "LOAN_AMOUNT_000S"], spec.NumericColumns);
        var dummy = spec.Features.Single(f => f.Feature == "LOAN_TYPE_NAME_FSA/RHS-guaranteed");
        Assert.Equal(FeatureSourceKind.OneHot, dummy.Kind);
        Assert.Equal(("LOAN_TYPE_NAME", "FSA/RHS-guaranteed"), (dummy.Column, dummy.Value));
        Assert.Equal("Conventional", spec.DroppedCategories["LOAN_TYPE_NAME"]);
        Assert.Equal("Home improvement", spec.DroppedCategories["LOAN_PURPOSE_NAME"]);
        Assert.Equal("Cook County", spec.DroppedCategories["COUNTY_NAME"]);
    }

    [Fact]
    public void Reports_features_that_map_to_nothing()
    {
        var spec = FeatureMapper.Map(["LOAN_AMOUNT_000S", "LOAN_TYPE_NAME_Jumbo", "CREDIT_SCORE"], LabColumns, LabValues);
        Assert.Equal(["LOAN_TYPE_NAME_Jumbo", "CREDIT_SCORE"], spec.Unmapped);
        Assert.Equal(FeatureSourceKind.Raw, spec.Features[0].Kind);
    }

    [Fact]
    public void Prefers_the_longest_column_prefix_and_matches_values_case_insensitively()
    {
        ColumnInfo[] columns = [new("LOAN", WarehouseType.Text, "VARCHAR"), new("LOAN_TYPE", WarehouseType.Text, "VARCHAR")];
        var values = new Dictionary<string, IReadOnlyCollection<string>> { ["LOAN_TYPE"] = ["FHA", "VA"], ["LOAN"] = ["TYPE_FHA", "X"] };
        var spec = FeatureMapper.Map(["LOAN_TYPE_fha"], columns, values);
        Assert.Equal(("LOAN_TYPE", "FHA"), (spec.Features[0].Column, spec.Features[0].Value));
    }

    [Fact]
    public void Without_distinct_values_any_suffix_of_a_text_column_is_a_dummy()
    {
        var spec = FeatureMapper.Map(["COUNTY_NAME_Anywhere", "COUNTY_NAME_"], LabColumns);
        Assert.Equal(("COUNTY_NAME", "Anywhere"), (spec.Features[0].Column, spec.Features[0].Value));
        Assert.Equal(["COUNTY_NAME_"], spec.Unmapped);
        Assert.Empty(spec.DroppedCategories);
    }

    [Fact]
    public void Lab_phase_three_ohe_columns_are_raw_columns_of_the_final_table()
    {
        ColumnInfo[] columns = [new("LOAN_PURPOSE_NAME_OHE_Refinancing", WarehouseType.Double, "DOUBLE"), new("LOAN_PURPOSE_NAME", WarehouseType.Text, "VARCHAR")];
        var spec = FeatureMapper.Map(["LOAN_PURPOSE_NAME_OHE_Refinancing"], columns);
        Assert.Equal(FeatureSourceKind.Raw, spec.Features[0].Kind);
    }
}
