using System.Globalization;
using System.Text.Json;
using MlopsPortal.Core.Monitoring;

namespace MlopsPortal.Core.Tests.Monitoring;

/// <summary>Runs Core on SQL-like aggregates of a source and baseline and compares every window with the goldens.</summary>
internal static class GoldenMonitorCheck
{
    public static void Verify(JsonElement golden, GoldenMonitor spec, CsvTable source, CsvTable baseline, IEnumerable<string?[]> baselineRows)
    {
        var (anchor, windows) = spec.AggregateWindows(source, days: 7);
        Assert.Equal(Parse(golden.GetProperty("anchor")), anchor);

        var base_ = spec.AggregateAll(baseline, baselineRows);
        var numericBaselines = spec.NumericColumns.ToDictionary(c => c, c => NumericBaseline.FromValueCounts(base_.ValueCountsOf(c)));

        var expectedWindows = golden.GetProperty("windows").EnumerateArray().ToArray();
        Assert.Equal(expectedWindows.Select(w => Parse(w.GetProperty("start"))), windows.Keys);

        var flip = false;
        foreach (var e in expectedWindows)
        {
            var start = Parse(e.GetProperty("start"));
            var agg = windows[start];
            var at = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            Tolerance.Equal(e.GetProperty("rows"), agg.Rows, $"{at} rows");
            VerifyPerformance(e, agg, at, descending: flip = !flip);

            foreach (var c in spec.NumericColumns)
            {
                var g = e.GetProperty("numeric").GetProperty(c);
                var b = numericBaselines[c];
                var what = $"{at} {c}";
                Tolerance.Sequence(g.GetProperty("edges"), b.InnerEdges, Tolerance.Ratio, $"{what} edges");
                Tolerance.Sequence(g.GetProperty("baselineBins"), b.BinCounts, $"{what} baseline bins");
                var values = agg.ValueCountsOf(c);
                var bins = new long[DecileBins.BinCount];
                DecileBins.Count(values, b.InnerEdges, bins);
                Tolerance.Sequence(g.GetProperty("windowBins"), bins, $"{what} window bins");
                Tolerance.Equal(g.GetProperty("countNull"), agg.Nulls[c].CountNull, $"{what} COUNT_NULL");
                Tolerance.Equal(g.GetProperty("nonNull"), agg.Nulls[c].NonNull, $"{what} non-null");

                var drift = NumericDrift.Compute(b, values);
                Tolerance.Near(g.GetProperty("js"), drift.JensenShannon, Tolerance.Other, $"{what} JENSEN_SHANNON");
                Tolerance.Near(g.GetProperty("hellinger"), drift.Hellinger, Tolerance.Other, $"{what} HELLINGER");
                Tolerance.Near(g.GetProperty("psi"), drift.PopulationStabilityIndex, Tolerance.Other, $"{what} PSI");
                Tolerance.Near(g.GetProperty("wasserstein"), drift.Wasserstein, Tolerance.Other, $"{what} WASSERSTEIN");
                Tolerance.Near(g.GetProperty("diffMeans"), drift.DifferenceOfMeans, Tolerance.Other, $"{what} DIFFERENCE_OF_MEANS");

                // The SQL-binned path gives the same three distances.
                var fromBins = NumericDrift.FromBinCounts(b.BinCounts, bins);
                Tolerance.Near(drift.JensenShannon, fromBins.JensenShannon, 1e-15, $"{what} JS from bins");
                Tolerance.Near(drift.PopulationStabilityIndex, fromBins.PopulationStabilityIndex, 1e-15, $"{what} PSI from bins");
            }

            foreach (var c in spec.CategoricalColumns)
            {
                var g = e.GetProperty("categorical").GetProperty(c);
                var what = $"{at} {c}";
                var drift = CategoricalDrift.Compute(base_.CategoryCountsOf(c), agg.CategoryCountsOf(c));
                Tolerance.Near(g.GetProperty("js"), drift.JensenShannon, Tolerance.Other, $"{what} JENSEN_SHANNON");
                Tolerance.Near(g.GetProperty("hellinger"), drift.Hellinger, Tolerance.Other, $"{what} HELLINGER");
                Tolerance.Near(g.GetProperty("psi"), drift.PopulationStabilityIndex, Tolerance.Other, $"{what} PSI");
                Tolerance.Equal(g.GetProperty("unseenCategories"), drift.UnseenCategories, $"{what} unseen categories");
                Tolerance.Equal(g.GetProperty("unseenCount"), drift.UnseenCount, $"{what} unseen count");
                Tolerance.Equal(g.GetProperty("countNull"), agg.Nulls[c].CountNull, $"{what} COUNT_NULL");
            }
        }
    }

    private static void VerifyPerformance(JsonElement e, WindowAggregate agg, string at, bool descending)
    {
        var c = agg.Confusion;
        Tolerance.Equal(e.GetProperty("tp"), c.TruePositives, $"{at} TP");
        Tolerance.Equal(e.GetProperty("fp"), c.FalsePositives, $"{at} FP");
        Tolerance.Equal(e.GetProperty("tn"), c.TrueNegatives, $"{at} TN");
        Tolerance.Equal(e.GetProperty("fn"), c.FalseNegatives, $"{at} FN");
        Tolerance.Equal(e.GetProperty("scoredCount"), agg.LogLossCount, $"{at} scored rows");

        var m = PerformanceMetrics.Compute(agg.Performance, agg.ScoreGroups(descending));
        Tolerance.Equal(e.GetProperty("count"), m.Count, $"{at} COUNT");
        Tolerance.Equal(e.GetProperty("actualsCount"), m.ActualsCount, $"{at} ACTUALS_COUNT");
        Tolerance.Near(e.GetProperty("accuracy"), m.Accuracy, Tolerance.Ratio, $"{at} CLASSIFICATION_ACCURACY");
        Tolerance.Near(e.GetProperty("precision"), m.Precision, Tolerance.Ratio, $"{at} PRECISION");
        Tolerance.Near(e.GetProperty("recall"), m.Recall, Tolerance.Ratio, $"{at} RECALL");
        Tolerance.Near(e.GetProperty("f1"), m.F1Score, Tolerance.Ratio, $"{at} F1_SCORE");
        Tolerance.Near(e.GetProperty("positiveRate"), m.PositiveRate, Tolerance.Ratio, $"{at} POSITIVE_RATE");
        Tolerance.Near(e.GetProperty("rocAuc"), m.RocAuc, Tolerance.Ratio, $"{at} ROC_AUC");
        Tolerance.Near(e.GetProperty("logLoss"), m.LogLoss, Tolerance.Other, $"{at} LOG_LOSS");
    }

    private static DateTime Parse(JsonElement e) =>
        DateTime.ParseExact(e.GetString()!, "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
}
