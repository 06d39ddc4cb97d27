namespace MlopsPortal.Trees.Model;

/// <summary>
/// A binary-classification tree ensemble (XGBoost gbtree semantics): margin = margin0 + Σ leaf, in float32, in tree order.
/// DART's weight_drop is already folded into the leaves.
/// </summary>
public sealed class TreeEnsemble
{
    public TreeEnsemble(
        IReadOnlyList<RegressionTree> trees,
        int numFeatures,
        Objective objective = Objective.BinaryLogistic,
        float baseScore = 0.5f,
        IReadOnlyList<string>? featureNames = null,
        IReadOnlyList<string>? featureTypes = null,
        IReadOnlyDictionary<string, string>? attributes = null,
        ModelFormat sourceFormat = ModelFormat.InMemory,
        string booster = "gbtree",
        float? margin0 = null,
        float scalePosWeight = 1f,
        IReadOnlyList<int>? version = null)
    {
        ArgumentNullException.ThrowIfNull(trees);
        ArgumentOutOfRangeException.ThrowIfNegative(numFeatures);

        if (featureNames is { Count: > 0 } && featureNames.Count != numFeatures)
        {
            throw new ArgumentException($"The model has {numFeatures} features but {featureNames.Count} feature names.");
        }

        foreach (var tree in trees)
        {
            for (int i = 0; i < tree.NodeCount; i++)
            {
                if (!tree.IsLeaf(i) && tree.SplitIndices[i] >= numFeatures)
                {
                    throw new ArgumentException($"A tree splits on feature {tree.SplitIndices[i]} but the model has only {numFeatures} features.");
                }
            }
        }

        Trees = trees;
        NumFeatures = numFeatures;
        Objective = objective;
        BaseScore = baseScore;
        Margin0 = margin0 ?? objective.Margin0(baseScore);
        FeatureNames = featureNames is { Count: > 0 } ? featureNames : null;
        FeatureTypes = featureTypes is { Count: > 0 } ? featureTypes : null;
        Attributes = attributes ?? new Dictionary<string, string>();
        SourceFormat = sourceFormat;
        Booster = booster;
        ScalePosWeight = scalePosWeight;
        Version = version ?? [1, 7, 4];
    }

    public IReadOnlyList<RegressionTree> Trees { get; }
    public int NumFeatures { get; }
    public Objective Objective { get; }

    /// <summary>base_score in probability space, as stored by XGBoost ≥ 1.0.</summary>
    public float BaseScore { get; }

    /// <summary>The starting margin: <c>-logf(1/base_score - 1)</c>.</summary>
    public float Margin0 { get; }

    /// <summary>Feature names, or null when the model has none (legacy binary, numpy training).</summary>
    public IReadOnlyList<string>? FeatureNames { get; }

    /// <summary>XGBoost feature types (<c>float</c>, <c>int</c>, <c>i</c>, <c>q</c>, <c>c</c>), or null.</summary>
    public IReadOnlyList<string>? FeatureTypes { get; }
    public IReadOnlyDictionary<string, string> Attributes { get; }
    public ModelFormat SourceFormat { get; }

    /// <summary><c>gbtree</c> or <c>dart</c> (DART weights are folded into the leaves).</summary>
    public string Booster { get; }
    public float ScalePosWeight { get; }
    public IReadOnlyList<int> Version { get; }

    /// <summary>The names to show: the model's own, or f0..fN-1.</summary>
    public IReadOnlyList<string> EffectiveFeatureNames =>
        FeatureNames ?? Enumerable.Range(0, NumFeatures).Select(i => "f" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The <c>best_ntree_limit</c> attribute (SageMaker serving predicts with it), when present.</summary>
    public int? BestNTreeLimit =>
        Attributes.TryGetValue("best_ntree_limit", out var s) && int.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int v) ? v : null;

    public int MaxDepth => Trees.Count == 0 ? 0 : Trees.Max(t => t.MaxDepth);

    public bool IsCategorical(int feature) => FeatureTypes is not null && feature < FeatureTypes.Count && FeatureTypes[feature] == "c";

    /// <summary>A copy that keeps only the first <paramref name="count"/> trees (e.g. best_ntree_limit).</summary>
    public TreeEnsemble WithTreeLimit(int count)
    {
        if (count <= 0 || count >= Trees.Count)
        {
            return this;
        }

        return new TreeEnsemble(Trees.Take(count).ToArray(), NumFeatures, Objective, BaseScore, FeatureNames, FeatureTypes,
            Attributes, SourceFormat, Booster, Margin0, ScalePosWeight, Version);
    }
}
