using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Core.Registry;

namespace MlopsPortal.Core.Tests.Registry;

public sealed class InputSignatureTests
{
    [Fact]
    public void Differences_name_added_missing_and_retyped_source_columns()
    {
        var v1 = new PreprocessingSpec(
            [FeatureSource.Raw("INCOME", "INCOME"), FeatureSource.Dummy("COUNTY_A", "COUNTY", "A"), FeatureSource.Dummy("COUNTY_B", "COUNTY", "B"), FeatureSource.Raw("WEEK", "WEEK")],
            new Dictionary<string, string>());
        var v2 = new PreprocessingSpec(
            [FeatureSource.Raw("INCOME", "INCOME"), FeatureSource.Raw("WEEK_OHE_3", "WEEK"), FeatureSource.Dummy("TYPE_X", "TYPE", "X")],
            new Dictionary<string, string>());
        // v2's WEEK is read as a number by a raw feature, v1's too: make one a category to see a retype.
        var v3 = v2 with { Features = [FeatureSource.Raw("INCOME", "INCOME"), FeatureSource.Dummy("WEEK_3", "WEEK", "3"), FeatureSource.Dummy("TYPE_X", "TYPE", "X")] };

        Assert.Equal(["INCOME (number)", "COUNTY (category)", "WEEK (number)"], InputSignature.Of(v1).Select(c => c.ToString()));
        var change = InputSignature.Compare(v1, v3);
        Assert.Equal(["TYPE (category)"], change.Added);
        Assert.Equal(["COUNTY (category)"], change.Missing);
        Assert.Equal(["WEEK (number → category)"], change.Retyped);
        Assert.True(change.Any);
        Assert.Equal(3, change.Lines().Count());
        Assert.False(InputSignature.Compare(v1, v1 with { Features = [.. v1.Features.Reverse()] }).Any);
        Assert.Equal(["COUNTY (category)"], InputSignature.Compare(v1, v2).Missing);
    }

    [Fact]
    public void A_recipe_version_traces_one_hot_features_to_cleaned_levels_and_the_rest_to_numbers()
    {
        var spec = RecipePreprocessing.Build(LabRecipeTemplate.Recipe,
            ["LOAN_PURPOSE_NAME_OHE_Home_purchase", "COUNTY_NAME_OHE_Kings_County", "APPLICANT_INCOME_000S"],
            new Dictionary<string, IReadOnlyList<string>> { ["COUNTY_NAME"] = ["Kings County", "Queens County"] });

        Assert.Same(LabRecipeTemplate.Recipe.Rules, spec.Recipe!.Rules);
        Assert.Equal(
            [("LOAN_PURPOSE_NAME_OHE_Home_purchase", FeatureSourceKind.OneHot, "LOAN_PURPOSE_NAME", "Home_purchase"),
             ("COUNTY_NAME_OHE_Kings_County", FeatureSourceKind.OneHot, "COUNTY_NAME", "Kings County"),   // the level, not the name's suffix
             ("APPLICANT_INCOME_000S", FeatureSourceKind.Raw, "APPLICANT_INCOME_000S", null)],
            spec.Features.Select(f => (f.Feature, f.Kind, f.Column, f.Value)));
    }
}
