using System.Reflection;
using MlopsPortal.Trees.Model;
using MlTree = Microsoft.ML.Trainers.FastTree.RegressionTree;

namespace MlopsPortal.Trees.Training;

/// <summary>
/// Converts an ML.NET-trained tree ensemble (LightGBM or FastTree, both exposed as
/// <c>TreeEnsemble&lt;RegressionTree&gt;</c>) plus its Platt calibrator into the engine's <see cref="TreeEnsemble"/>,
/// so that XGBoost's sigmoid of the converted margin equals ML.NET's calibrated probability.
/// </summary>
/// <remarks>
/// Differences bridged here:
/// <list type="bullet">
/// <item>ML.NET goes left when <c>x ≤ t</c>; the engine (XGBoost) when <c>x &lt; t'</c>. For float32 x these agree
/// exactly with <c>t' = BitIncrement(t)</c>, the next float above t.</item>
/// <item>ML.NET replaces a missing (NaN) value by the node's <c>DefaultValueForMissing</c> (internal, read by
/// reflection) or, without one, lets <c>NaN ≤ t</c> be false (right). The engine stores the resulting side as default_left.</item>
/// <item>ML.NET's probability is <c>1 / (1 + exp(slope·score + offset))</c> with score = bias + Σ weight·leaf.
/// So margin = −slope·score − offset: every leaf is multiplied by −slope·weight and the constant
/// −slope·bias − offset is added to every leaf of the first tree (base_score stays 0.5, i.e. margin0 = 0, which
/// any XGBoost loads exactly).</item>
/// <item>ML.NET keeps no per-node cover; TreeSHAP needs one. The cover is the count of the given rows reaching each
/// node (LightGBM's own SHAP uses counts too; beyond <see cref="MaxCoverRows"/> rows an evenly strided sample, scaled);
/// a leaf no row reaches counts as 1 so no fraction divides by zero.</item>
/// </list>
/// </remarks>
public static class MlNetEnsembleConverter
{
    /// <summary>
    /// Covers are counted on at most this many rows (every k-th row beyond it): the relative node masses TreeSHAP needs
    /// are then within a fraction of a percent, and the conversion of a million-row model takes a second, not five.
    /// </summary>
    public const int MaxCoverRows = 200_000;

    private static readonly FieldInfo? InnerTree =
        typeof(Microsoft.ML.Trainers.FastTree.RegressionTreeBase).GetField("_tree", BindingFlags.Instance | BindingFlags.NonPublic);

    /// <param name="ensemble">The trained ensemble (<c>model.SubModel.TrainedTreeEnsemble</c>).</param>
    /// <param name="slope">The Platt calibrator's slope.</param>
    /// <param name="offset">The Platt calibrator's offset.</param>
    /// <param name="featureNames">The names of the feature vector's slots, in order.</param>
    /// <param name="coverRows">Row-major rows (usually the training rows) to count per node as cover; null = each leaf counts 1.</param>
    /// <param name="maxThreads">Threads for the conversion; 0 = all cores.</param>
    public static TreeEnsemble Convert(
        Microsoft.ML.Trainers.FastTree.TreeEnsemble<MlTree> ensemble,
        double slope,
        double offset,
        IReadOnlyList<string> featureNames,
        float[]? coverRows = null,
        IReadOnlyDictionary<string, string>? attributes = null,
        int maxThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentNullException.ThrowIfNull(featureNames);
        int nf = featureNames.Count;
        if (coverRows is not null && nf > 0 && coverRows.Length % nf != 0)
        {
            throw new ArgumentException($"The cover rows have {coverRows.Length} values, not a multiple of {nf} features.", nameof(coverRows));
        }

        // trees convert independently; counting the cover rows through each tree is the costly part, so it runs in parallel
        var converted = new RegressionTree[ensemble.Trees.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxThreads > 0 ? maxThreads : Environment.ProcessorCount };
        Parallel.For(0, converted.Length, options, t =>
        {
            double weight = t < ensemble.TreeWeights.Count ? ensemble.TreeWeights[t] : 1.0;
            double constant = t == 0 ? -slope * ensemble.Bias - offset : 0.0;
            converted[t] = ConvertTree(ensemble.Trees[t], -slope * weight, constant, nf, coverRows);
        });
        var trees = converted.ToList();

        if (trees.Count == 0)
        {
            // an ensemble without trees still predicts its constant
            float c = (float)(-slope * ensemble.Bias - offset);
            trees.Add(new RegressionTree([-1], [-1], [0], [c], [false], [1f]));
        }

        return new TreeEnsemble(trees, nf, Objective.BinaryLogistic, 0.5f, featureNames, attributes: attributes);
    }

    private static RegressionTree ConvertTree(MlTree tree, double scale, double constant, int numFeatures, float[]? coverRows)
    {
        if (tree.CategoricalSplitFlags.Any(c => c))
        {
            throw new NotSupportedException("The trained tree has categorical splits; train with categorical splits off (one-hot columns are numeric).");
        }

        int internalNodes = tree.NumberOfNodes;
        int leaves = tree.NumberOfLeaves;
        if (internalNodes == 0 || leaves <= 1)
        {
            float only = (float)(scale * tree.LeafValues[0] + constant);
            return new RegressionTree([-1], [-1], [0], [only], [false], [Math.Max(1f, coverRows is null ? 1f : coverRows.Length / Math.Max(1, numFeatures))]);
        }

        float[]? missing = DefaultValuesForMissing(tree);

        // Breadth-first numbering: ML.NET's internal node i and leaf ~j become engine nodes 0..n-1, root first.
        int n = internalNodes + leaves;
        var left = new int[n];
        var right = new int[n];
        var split = new int[n];
        var cond = new float[n];
        var defaultLeft = new bool[n];
        var source = new int[n]; // ML.NET id: ≥ 0 internal, < 0 leaf (~leaf)
        var queue = new Queue<int>();
        source[0] = 0;
        queue.Enqueue(0);
        int next = 1;
        while (queue.Count > 0)
        {
            int node = queue.Dequeue();
            int ml = source[node];
            if (ml < 0)
            {
                left[node] = right[node] = -1;
                cond[node] = (float)(scale * tree.LeafValues[~ml] + constant);
                continue;
            }

            float threshold = tree.NumericalSplitThresholds[ml];
            split[node] = tree.NumericalSplitFeatureIndexes[ml];
            if (split[node] >= numFeatures)
            {
                throw new ArgumentException($"A trained tree splits on slot {split[node]} but only {numFeatures} feature names were given.");
            }

            // x ≤ t  ⇔  x < BitIncrement(t) for every float32 x (t = +∞ would send everything left either way)
            cond[node] = float.IsPositiveInfinity(threshold) ? threshold : MathF.BitIncrement(threshold);
            float substitute = missing is null ? float.NaN : missing[ml];
            defaultLeft[node] = substitute <= threshold; // NaN ≤ t is false: right, as ML.NET does
            left[node] = next;
            source[next++] = tree.LeftChild[ml];
            right[node] = next;
            source[next++] = tree.RightChild[ml];
            queue.Enqueue(left[node]);
            queue.Enqueue(right[node]);
        }

        if (next != n)
        {
            throw new InvalidOperationException($"The trained tree has {n} nodes but only {next} are reachable from its root.");
        }

        var cover = Covers(left, right, split, cond, defaultLeft, numFeatures, coverRows);
        return new RegressionTree(left, right, split, cond, defaultLeft, cover);
    }

    private static float[]? DefaultValuesForMissing(MlTree tree)
    {
        object? inner = InnerTree?.GetValue(tree);
        var field = inner?.GetType().GetField("DefaultValueForMissing", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
        return field?.GetValue(inner) as float[];
    }

    private static float[] Covers(int[] left, int[] right, int[] split, float[] cond, bool[] defaultLeft, int nf, float[]? rows)
    {
        int n = left.Length;
        var counts = new double[n];
        if (rows is not null && nf > 0)
        {
            int count = rows.Length / nf;
            int stride = Math.Max(1, (count + MaxCoverRows - 1) / MaxCoverRows);
            for (int r = 0; r < count; r += stride)
            {
                int node = 0;
                while (left[node] != -1)
                {
                    float x = rows[r * nf + split[node]];
                    bool goLeft = float.IsNaN(x) ? defaultLeft[node] : x < cond[node];
                    node = goLeft ? left[node] : right[node];
                }

                counts[node] += stride; // each counted row stands for the stride it samples
            }
        }

        var cover = new float[n];
        for (int i = n - 1; i >= 0; i--)
        {
            // children are numbered after their parent (breadth-first), so they are final when the parent is summed
            cover[i] = left[i] == -1 ? (float)Math.Max(1.0, counts[i]) : cover[left[i]] + cover[right[i]];
        }

        return cover;
    }
}
