using MlopsPortal.Core.SnowflakeNative;
using MlopsPortal.Core.Common;
using MlopsPortal.Infrastructure.SnowflakeNative;
using MlopsPortal.Trees.Model;

namespace MlopsPortal.Infrastructure.Tests.SnowflakeNative;

public sealed class ScoringStatementsTests
{
    private static readonly string[] Features = ["LOAN_AMOUNT_000S", "APPLICANT_INCOME_000S", "LOAN_TYPE_NAME_OHE_FHA"];

    [Fact]
    public void A_native_model_is_scored_through_its_PRODUCTION_alias_into_the_labs_output_table()
    {
        var target = new WarehouseScoringTarget("MORTGAGE_FEATURE_VIEW$V1", "MORTGAGE_PREDICTIONS_PROD", ["LOAN_ID", "WEEK_START_DATE"],
            ScoreColumn: "PROBABILITY_SCORE", ClassColumn: "PREDICTION_LABEL");
        SqlGolden.Match(ScoringStatements.PredictProba("COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL", "production", Features, target) + ";", "score_native_predict_proba");
    }

    [Fact]
    public void A_portal_model_is_scored_by_its_compiled_expression_with_the_run_id()
    {
        var ensemble = TwoStumps();
        string[] expressions = ["CAST(\"LOAN_AMOUNT_000S\" AS DOUBLE)", "CAST(\"APPLICANT_INCOME_000S\" AS DOUBLE)", "CASE WHEN CAST(\"LOAN_TYPE_NAME\" AS VARCHAR) = 'FHA' THEN 1.0 ELSE 0.0 END"];
        var target = new WarehouseScoringTarget("INFERENCEMORTGAGEDATA", "PREDICTIONS_WITH_GROUND_TRUTH", ["LOAN_ID", "WEEK", "MORTGAGERESPONSE"],
            RunId: Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"));
        SqlGolden.Match(ScoringStatements.CompiledModel(ensemble, expressions, target) + ";", "score_compiled_model");
    }

    [Theory]
    [InlineData("output_feature_1\"::FLOAT, 1) --")]
    [InlineData("")]
    public void An_output_field_that_is_not_a_name_is_refused(string field)
    {
        var target = new WarehouseScoringTarget("SRC", "OUT", []);
        Assert.Throws<PortalValidationException>(() => ScoringStatements.PredictProba("M", "V1", Features, target, field));
    }

    [Fact]
    public void A_threshold_outside_zero_one_is_refused() =>
        Assert.Throws<PortalValidationException>(() => ScoringStatements.PredictProba("M", "V1", Features, new WarehouseScoringTarget("SRC", "OUT", [], Threshold: 1)));

    /// <summary>One stump on feature 0 (LOAN_AMOUNT_000S &lt; 250, missing goes left) and one on feature 2, base score 0.5.</summary>
    internal static TreeEnsemble TwoStumps() =>
        new([Stump(0, 250f, -0.4f, 0.3f), Stump(2, 0.5f, 0.1f, -0.2f)], numFeatures: 3, featureNames: Features);

    private static RegressionTree Stump(int feature, float threshold, float left, float right) =>
        new([1, -1, -1], [2, -1, -1], [feature, 0, 0], [threshold, left, right], [true, false, false], [10f, 5f, 5f]);
}
