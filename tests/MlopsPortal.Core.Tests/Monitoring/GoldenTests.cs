using MlopsPortal.Core.Monitoring;

namespace MlopsPortal.Core.Tests.Monitoring;

/// <summary>Every metric against scikit-learn / SciPy / NumPy goldens (make_goldens.py) on the lab data and on generated data.</summary>
public sealed class GoldenTests
{
    private static readonly GoldenMonitor Lab = new(
        "WEEK_START_DATE",
        "MORTGAGERESPONSE",
        "PREDICTED_RESPONSE",
        "PREDICTED_SCORE",
        ["APPLICANT_INCOME_000S", "LOAN_AMOUNT_000S", "PREDICTED_SCORE"],
        ["LOAN_TYPE_NAME", "LOAN_PURPOSE_NAME", "COUNTY_NAME"],
        (t, r) => LabScore(t.Number(r, "APPLICANT_INCOME_000S"), t.Number(r, "LOAN_AMOUNT_000S")));

    private static readonly GoldenMonitor Generated = new(
        "TS", "ACTUAL", "PRED", "SCORE", ["X_CONT", "X_DISC", "X_SKEW", "SCORE"], ["CAT"]);

    /// <summary>make_goldens.py's lab_score, with the same floating-point operations.</summary>
    internal static double LabScore(double income, double amount)
    {
        var z = (0.05 * (income - 48.0)) - (0.004 * (amount - 217.0)) + 0.5;
        var s = 1.0 / (1.0 + Math.Exp(-z));
        return Math.Round(s * 1000.0, MidpointRounding.ToEven) / 1000.0;
    }

    [Fact]
    public void Lab_data_windows_match_sklearn_scipy_numpy()
    {
        var table = TestData.ReadCsv(TestData.LabCsv());
        var golden = TestData.Golden(TestData.LabGoldens);
        Tolerance.Near(golden.GetProperty("scoreSum"), table.Rows.Sum(r => Lab.Score(table, r)), 1e-12, "sum of PREDICTED_SCORE");
        var baseline = table.Rows.Where(r => table.Number(r, "WEEK") is >= 1 and <= 5);
        GoldenMonitorCheck.Verify(golden, Lab, table, table, baseline);
    }

    [Fact]
    public void Generated_data_with_ties_missing_classes_empty_bins_and_nulls_match()
    {
        var source = TestData.ReadCsv(TestData.GoldenPath("generated_source.csv"));
        var baseline = TestData.ReadCsv(TestData.GoldenPath("generated_baseline.csv"));
        GoldenMonitorCheck.Verify(TestData.Golden("goldens_generated.json"), Generated, source, baseline, baseline.Rows);
    }

    [Fact]
    public void Week_vs_week_explorer_matches_numpy_histogram()
    {
        var table = TestData.ReadCsv(TestData.LabCsv());
        foreach (var e in TestData.Golden(TestData.LabGoldens).GetProperty("explorer").EnumerateArray())
        {
            var column = e.GetProperty("column").GetString()!;
            double[] Week(int week) => table.Rows.Where(r => table.Number(r, "WEEK") == week)
                .Select(r => Lab.ScoreColumn == column ? Lab.Score(table, r) : table.Number(r, column)).ToArray();
            var (a, b) = (e.GetProperty("weekA").GetInt32(), e.GetProperty("weekB").GetInt32());
            VerifyExplorer(e, WeekComparison.Compare(Week(a), Week(b)), $"{column} week {a} vs {b}");
        }
    }

    [Fact]
    public void Explorer_edge_cases_match_numpy_histogram()
    {
        foreach (var e in TestData.Golden("goldens_misc.json").GetProperty("histograms").EnumerateArray())
        {
            var a = e.GetProperty("a").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            var b = e.GetProperty("b").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            VerifyExplorer(e, WeekComparison.Compare(a, b), $"[{string.Join(' ', a.Take(4))}…]");
        }
    }

    [Fact]
    public void Quantiles_match_numpy_quantile_bit_for_bit()
    {
        foreach (var e in TestData.Golden("goldens_misc.json").GetProperty("quantiles").EnumerateArray())
        {
            var values = e.GetProperty("values").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            var q = e.GetProperty("q").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            var expected = e.GetProperty("expected").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            var sorted = values.Order().ToArray();
            var fromCounts = new double[q.Length];
            Quantiles.OfValueCounts(ValueCounts.FromSamples(values), q, fromCounts);
            for (var i = 0; i < q.Length; i++)
            {
                Assert.Equal(expected[i], Quantiles.OfSorted(sorted, q[i]));
                Assert.Equal(expected[i], fromCounts[i]);
            }
        }
    }

    [Fact]
    public void Distances_match_scipy()
    {
        var misc = TestData.Golden("goldens_misc.json");
        foreach (var e in misc.GetProperty("distances").EnumerateArray())
        {
            var p = e.GetProperty("p").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            var q = e.GetProperty("q").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            Tolerance.Near(e.GetProperty("js"), DistributionDistance.JensenShannon(p, q), Tolerance.Other, "JS");
            Tolerance.Near(e.GetProperty("hellinger"), DistributionDistance.Hellinger(p, q), Tolerance.Other, "Hellinger");
            Tolerance.Near(e.GetProperty("psi"), DistributionDistance.PopulationStabilityIndex(p, q), Tolerance.Other, "PSI");
        }

        foreach (var e in misc.GetProperty("wasserstein").EnumerateArray())
        {
            var u = e.GetProperty("u").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            var v = e.GetProperty("v").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            Tolerance.Near(e.GetProperty("expected"), Wasserstein.Distance(ValueCounts.FromSamples(u), ValueCounts.FromSamples(v)), Tolerance.Other, "Wasserstein");
            Tolerance.Near(e.GetProperty("expected"), Wasserstein.Distance(ValueCounts.FromSamples(v), ValueCounts.FromSamples(u)), Tolerance.Other, "Wasserstein (swapped)");
        }
    }

    [Fact]
    public void Roc_auc_and_log_loss_match_sklearn_on_tied_scores()
    {
        foreach (var e in TestData.Golden("goldens_misc.json").GetProperty("auc").EnumerateArray())
        {
            var y = e.GetProperty("y").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            var s = e.GetProperty("s").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            // One group per row, unsorted and with repeated scores: the finisher must sort and merge.
            var groups = y.Zip(s, (yi, si) => new ScoreGroup(si, yi, 1 - yi)).ToArray();
            Tolerance.Near(e.GetProperty("expected"), RocAuc.FromScoreGroups(groups), Tolerance.Ratio, "ROC_AUC");
            var max = s.Max();
            var sum = y.Zip(s, (yi, si) => LogLoss.Term(yi, Math.Clamp(max > 1 ? si / 20 : si, 0, 1))).Sum();
            Tolerance.Near(e.GetProperty("logLoss"), LogLoss.FromSum(sum, y.Length), Tolerance.Other, "LOG_LOSS");
        }
    }

    private static void VerifyExplorer(System.Text.Json.JsonElement e, WeekComparison c, string what)
    {
        Tolerance.Sequence(e.GetProperty("edges"), c.First.Edges, Tolerance.Ratio, $"{what} edges");
        Tolerance.Sequence(e.GetProperty("countsA"), c.First.Counts, $"{what} counts A");
        Tolerance.Sequence(e.GetProperty("countsB"), c.Second.Counts, $"{what} counts B");
        Tolerance.Sequence(e.GetProperty("massesA"), c.First.Masses, Tolerance.Ratio, $"{what} masses A");
        Tolerance.Sequence(e.GetProperty("massesB"), c.Second.Masses, Tolerance.Ratio, $"{what} masses B");
        Tolerance.Near(e.GetProperty("hellinger"), c.Hellinger, Tolerance.Other, $"{what} HELLINGER");
        Assert.Equal(c.First.Edges, c.Second.Edges);
    }
}
