namespace MlopsPortal.Core.Explaining;

/// <summary>
/// TreeSHAP contributions of a sample of rows: per row, one contribution per feature plus the bias, summing to the
/// row's margin (log-odds). <see cref="Fold"/> merges one-hot features into their source column.
/// </summary>
/// <param name="Features">Feature names, in the model's order (or source columns once folded).</param>
/// <param name="Values">Per row, the feature values the model saw (NaN = missing); a folded column shows its hot category index.</param>
/// <param name="Contributions">Per row, one contribution per feature.</param>
/// <param name="Bias">Per row, the expected margin (the same for every row of a tree ensemble).</param>
/// <param name="Labels">Per row, what the row is called on screen (its key columns or its position).</param>
public sealed record ShapExplanation(
    string Model,
    string Version,
    string Table,
    int Seed,
    long RowsScanned,
    IReadOnlyList<string> Features,
    IReadOnlyList<float[]> Values,
    IReadOnlyList<double[]> Contributions,
    IReadOnlyList<double> Bias,
    IReadOnlyList<string> Labels)
{
    public int Rows => Contributions.Count;

    /// <summary>The row's margin: bias plus every contribution.</summary>
    public double Margin(int row) => Bias[row] + Contributions[row].Sum();

    public static double Probability(double margin) => 1.0 / (1.0 + Math.Exp(-margin));

    /// <summary>Features by mean |contribution| over the sample, largest first.</summary>
    public IReadOnlyList<(string Feature, double MeanAbs)> Importance() =>
        Features.Select((f, j) => (f, Contributions.Count == 0 ? 0 : Contributions.Average(c => Math.Abs(c[j]))))
            .OrderByDescending(x => x.Item2).ThenBy(x => x.f, StringComparer.Ordinal).ToList();

    /// <summary>
    /// One column per source column: the contributions of its one-hot features are summed (SHAP values are additive, so
    /// the row's margin is unchanged). <paramref name="sourceOf"/> gives a feature's source column, or null to keep it.
    /// </summary>
    public ShapExplanation Fold(Func<string, string?> sourceOf)
    {
        var groups = Features.Select((f, j) => (Name: sourceOf(f) ?? f, Index: j, Folded: sourceOf(f) is not null))
            .GroupBy(x => x.Name, StringComparer.Ordinal).ToList();
        var contributions = Contributions.Select(c => groups.Select(g => g.Sum(x => c[x.Index])).ToArray()).ToList();
        var values = Values.Select(v => groups.Select(g => g.Any(x => x.Folded)
            ? HotIndex(g.Select(x => v[x.Index]).ToList())
            : v[g.First().Index]).ToArray()).ToList();
        return this with { Features = groups.Select(g => g.Key).ToList(), Values = values, Contributions = contributions };
    }

    /// <summary>1-based index of the dummy that is 1, 0 when none is (the dropped category), NaN when missing.</summary>
    private static float HotIndex(List<float> dummies)
    {
        if (dummies.Any(float.IsNaN)) return float.NaN;
        for (var i = 0; i < dummies.Count; i++)
            if (dummies[i] > 0.5f) return i + 1;
        return 0;
    }
}
