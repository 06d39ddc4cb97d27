using MlopsPortal.Trees.Explaining;
using MlopsPortal.Trees.Prediction;

namespace MlopsPortal.Trees.Tests.Explaining;

public sealed class TreeShapTests
{
    public static TheoryData<string> Models() => new(Golden.AllModels);

    [Theory]
    [MemberData(nameof(Models))]
    public void Exact_algorithm_equals_pred_contribs_bit_for_bit(string model)
    {
        var e = Golden.Load(model + ".json");
        var explainer = new TreeShapExplainer(e, 2, TreeShapAlgorithm.Exact);
        const int rows = 120; // the exact port is slow; the fast algorithm below covers every golden row
        var expected = Golden.Contribs(model).Take(rows).ToArray();
        var got = explainer.Explain(Golden.Input(model).Take(rows * e.NumFeatures).ToArray());
        double tol = model == "dart" ? 1e-5 : 0; // DART: weights folded into leaves change float rounding
        AssertClose(expected, got, explainer.Columns, tol);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Fast_algorithm_equals_pred_contribs_within_1e_5(string model)
    {
        var e = Golden.Load(model + ".ubj");
        var explainer = new TreeShapExplainer(e, 2);
        var expected = Golden.Contribs(model);
        var got = explainer.Explain(Golden.Input(model));
        AssertClose(expected, got, explainer.Columns, 1e-5);
    }

    [Fact]
    public void Contributions_sum_to_the_margin()
    {
        var e = Golden.Load("default.json");
        var x = Golden.Input("default");
        var margins = new Predictor(e).PredictMargins(x);
        var c = new TreeShapExplainer(e).Explain(x);
        int cols = e.NumFeatures + 1;
        for (int r = 0; r < margins.Length; r++)
        {
            double sum = 0;
            for (int k = 0; k < cols; k++)
            {
                sum += c[r * cols + k];
            }

            Assert.True(Math.Abs(sum - margins[r]) < 1e-4, $"row {r}: Σφ {sum} vs margin {margins[r]}");
        }
    }

    [Fact]
    public void Column_names_are_features_then_bias()
    {
        var e = Golden.Load("pandas_names.json");
        Assert.Equal(["loan amount", "income.k", "a b.c", "rate", "x.1", "BIAS"], new TreeShapExplainer(e).ColumnNames);
    }

    private static void AssertClose(float[][] expected, float[] got, int cols, double tol)
    {
        Assert.Equal(expected.Length * cols, got.Length);
        double worst = 0;
        for (int r = 0; r < expected.Length; r++)
        {
            for (int k = 0; k < cols; k++)
            {
                double d = Math.Abs(expected[r][k] - got[r * cols + k]);
                worst = Math.Max(worst, d);
                Assert.True(d <= tol, $"row {r} col {k}: {got[r * cols + k]:R} vs xgboost {expected[r][k]:R}");
            }
        }
    }
}
