using System.Globalization;
using MlopsPortal.Trees.Model;

namespace MlopsPortal.Trees.Training;

/// <summary>
/// Converts a binary LightGBM model in LightGBM's text format (<c>LGBM_BoosterSaveModelToString</c>) into the engine's
/// <see cref="TreeEnsemble"/>, so that XGBoost's sigmoid of the converted margin is LightGBM's probability.
/// </summary>
/// <remarks>
/// Differences bridged here:
/// <list type="bullet">
/// <item>LightGBM goes left when <c>x ≤ t</c> with a double t (the float32 input is widened to double); the engine
/// (XGBoost) when <c>x &lt; t'</c> in float32. With f the largest float ≤ t, <c>x ≤ t ⇔ x ≤ f ⇔ x &lt; BitIncrement(f)</c>
/// for every float32 x — the same nextafter rule as <see cref="MlNetEnsembleConverter"/>, after rounding t down to a float.</item>
/// <item>Missing values per node (<c>decision_type</c> bits 2–3): missing_type NaN sends NaN to <c>default_left</c>
/// (bit 1); missing_type None turns NaN into 0, so NaN goes where 0 goes (<c>0 ≤ t</c>); missing_type Zero sends NaN and
/// |x| ≤ 1e-35 to <c>default_left</c>, which the engine reproduces only when 0 and the default go the same way
/// (otherwise the model is refused). Categorical splits (bit 0) are refused: the trainer trains numerical splits only.</item>
/// <item>LightGBM's leaves already carry the learning rate and, in the first tree, the initial score
/// (boost_from_average); its raw score is Σ leaves and its probability 1 / (1 + exp(−sigmoid·raw)). So every leaf is
/// multiplied by sigmoid and base_score stays 0.5 (margin0 = 0).</item>
/// <item>Cover = LightGBM's <c>leaf_weight</c>, the sum of the hessians of the training rows in the leaf — XGBoost's
/// <c>sum_hess</c>, the node mass TreeSHAP weighs by. An internal node's cover is the sum of its children's
/// (LightGBM's own <c>internal_weight</c> is left 0 at the root); a constant tree (no split) counts 1.</item>
/// </list>
/// </remarks>
public static class LightGbmModelConverter
{
    private const int CategoricalMask = 1;
    private const int DefaultLeftMask = 2;
    private const double ZeroThreshold = 1e-35f; // LightGBM's kZeroThreshold

    /// <param name="modelText">The model as LGBM_BoosterSaveModelToString writes it.</param>
    /// <param name="featureNames">The names of the feature columns, in order.</param>
    public static TreeEnsemble Convert(string modelText, IReadOnlyList<string> featureNames, IReadOnlyDictionary<string, string>? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(modelText);
        ArgumentNullException.ThrowIfNull(featureNames);
        int nf = featureNames.Count;
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        var trees = new List<RegressionTree>();
        Dictionary<string, string>? tree = null;
        double sigmoid = 1;
        foreach (var raw in modelText.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line == "end of trees")
            {
                break;
            }

            if (line.StartsWith("Tree=", StringComparison.Ordinal))
            {
                if (tree is null)
                {
                    sigmoid = CheckHeader(header, nf);
                }
                else
                {
                    trees.Add(ConvertTree(tree, sigmoid, nf));
                }

                tree = new Dictionary<string, string>(StringComparer.Ordinal);
                continue;
            }

            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                (tree ?? header)[line[..eq]] = line[(eq + 1)..];
            }
        }

        if (tree is not null)
        {
            trees.Add(ConvertTree(tree, sigmoid, nf));
        }
        else
        {
            sigmoid = CheckHeader(header, nf);
        }

        if (trees.Count == 0)
        {
            // a model without trees predicts the base score: margin 0
            trees.Add(new RegressionTree([-1], [-1], [0], [0f], [false], [1f]));
        }

        return new TreeEnsemble(trees, nf, Objective.BinaryLogistic, 0.5f, featureNames, attributes: attributes);
    }

    /// <summary>The largest float32 ≤ t, so that for float32 x: <c>x ≤ t ⇔ x ≤ result</c>.</summary>
    internal static float FloatAtOrBelow(double t)
    {
        float f = (float)t;
        return (double)f > t ? MathF.BitDecrement(f) : f;
    }

    /// <summary>The engine's <c>x &lt; cond</c> threshold equivalent to LightGBM's <c>x ≤ t</c> for every float32 x.</summary>
    internal static float LessThanThreshold(double t)
    {
        float f = FloatAtOrBelow(t);
        return float.IsPositiveInfinity(f) ? f : MathF.BitIncrement(f);
    }

    private static double CheckHeader(Dictionary<string, string> header, int nf)
    {
        if (header.TryGetValue("num_tree_per_iteration", out var perIteration) && perIteration != "1")
        {
            throw new NotSupportedException($"The LightGBM model has {perIteration} trees per iteration; only binary models convert.");
        }

        if (header.TryGetValue("max_feature_idx", out var maxFeature) && int.Parse(maxFeature, CultureInfo.InvariantCulture) >= nf)
        {
            throw new ArgumentException($"The LightGBM model uses {int.Parse(maxFeature, CultureInfo.InvariantCulture) + 1} features but {nf} feature names were given.");
        }

        var objective = header.GetValueOrDefault("objective", "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (objective.Length == 0 || objective[0] != "binary")
        {
            throw new NotSupportedException($"The LightGBM model's objective is '{string.Join(' ', objective)}'; only binary converts.");
        }

        var s = objective.FirstOrDefault(o => o.StartsWith("sigmoid:", StringComparison.Ordinal));
        return s is null ? 1.0 : Number(s["sigmoid:".Length..]);
    }

    private static RegressionTree ConvertTree(Dictionary<string, string> t, double sigmoid, int nf)
    {
        int leaves = int.Parse(t["num_leaves"], CultureInfo.InvariantCulture);
        var leafValue = Numbers(t, "leaf_value");
        if (leaves <= 1)
        {
            // a tree LightGBM kept as a constant (nothing could split) records no hessian sum: it counts 1, so
            // TreeSHAP divides by no zero (it has no split to weigh)
            var weight = t.TryGetValue("leaf_weight", out var w) && w.Length > 0 ? Numbers(t, "leaf_weight")[0] : 0;
            weight = weight > 0 ? weight : 1.0;
            return new RegressionTree([-1], [-1], [0], [(float)(sigmoid * leafValue[0])], [false], [(float)weight]);
        }

        var feature = Integers(t, "split_feature");
        var threshold = Numbers(t, "threshold");
        var decision = Integers(t, "decision_type");
        var leftChild = Integers(t, "left_child");
        var rightChild = Integers(t, "right_child");
        var leafWeight = Numbers(t, "leaf_weight");
        int internalNodes = leaves - 1;
        if (feature.Length != internalNodes || threshold.Length != internalNodes || decision.Length != internalNodes
            || leftChild.Length != internalNodes || rightChild.Length != internalNodes || leafValue.Length != leaves || leafWeight.Length != leaves)
        {
            throw new FormatException($"A LightGBM tree with {leaves} leaves has node arrays of other lengths.");
        }

        // Breadth-first numbering: LightGBM's internal node i and leaf ~j become engine nodes 0..n-1, root first.
        int n = internalNodes + leaves;
        var left = new int[n];
        var right = new int[n];
        var split = new int[n];
        var cond = new float[n];
        var defaultLeft = new bool[n];
        var cover = new double[n];
        var source = new int[n]; // LightGBM id: ≥ 0 internal, < 0 leaf (~leaf)
        var queue = new Queue<int>();
        queue.Enqueue(0);
        int next = 1;
        while (queue.Count > 0)
        {
            int node = queue.Dequeue();
            int lg = source[node];
            if (lg < 0)
            {
                left[node] = right[node] = -1;
                cond[node] = (float)(sigmoid * leafValue[~lg]);
                cover[node] = leafWeight[~lg];
                continue;
            }

            int type = decision[lg];
            if ((type & CategoricalMask) != 0)
            {
                throw new NotSupportedException("The LightGBM tree has categorical splits; train with categorical splits off (one-hot columns are numeric).");
            }

            split[node] = feature[lg];
            if (split[node] < 0 || split[node] >= nf)
            {
                throw new ArgumentException($"A LightGBM tree splits on feature {split[node]} but only {nf} feature names were given.");
            }

            double th = threshold[lg];
            cond[node] = LessThanThreshold(th);
            bool defaultGoesLeft = (type & DefaultLeftMask) != 0;
            defaultLeft[node] = ((type >> 2) & 3) switch
            {
                0 => 0 <= th, // None: NaN becomes 0
                1 when th >= ZeroThreshold && defaultGoesLeft => true, // Zero: |x| ≤ 1e-35 and NaN go left, as ≤ t sends them
                1 when th < -ZeroThreshold && !defaultGoesLeft => false,
                1 => throw new NotSupportedException("A LightGBM split treats zero as missing with a default direction the threshold contradicts; train with zero_as_missing off."),
                _ => defaultGoesLeft, // NaN
            };
            left[node] = next;
            source[next++] = leftChild[lg];
            right[node] = next;
            source[next++] = rightChild[lg];
            queue.Enqueue(left[node]);
            queue.Enqueue(right[node]);
        }

        if (next != n)
        {
            throw new FormatException($"The LightGBM tree has {n} nodes but only {next} are reachable from its root.");
        }

        var hess = new float[n];
        for (int i = n - 1; i >= 0; i--)
        {
            // children are numbered after their parent (breadth-first), so they are final when the parent is summed
            if (left[i] != -1)
            {
                cover[i] = cover[left[i]] + cover[right[i]];
            }

            hess[i] = (float)cover[i];
        }

        return new RegressionTree(left, right, split, cond, defaultLeft, hess);
    }

    private static double[] Numbers(Dictionary<string, string> t, string key) =>
        Split(t, key).Select(Number).ToArray();

    private static int[] Integers(Dictionary<string, string> t, string key) =>
        Split(t, key).Select(s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray();

    private static string[] Split(Dictionary<string, string> t, string key) =>
        t.TryGetValue(key, out var v) ? v.Split(' ', StringSplitOptions.RemoveEmptyEntries) : throw new FormatException($"The LightGBM tree has no {key}.");

    private static double Number(string s) => s switch
    {
        "inf" or "+inf" or "infinity" => double.PositiveInfinity,
        "-inf" or "-infinity" => double.NegativeInfinity,
        "nan" or "-nan" => double.NaN,
        _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
