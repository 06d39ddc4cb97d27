using MlopsPortal.Trees.Model;

namespace MlopsPortal.Trees.Prediction;

/// <summary>
/// The ensemble flattened for fast prediction. Numerical trees up to <see cref="MaxPerfectDepth"/> are padded to perfect
/// binary trees in BFS order (children of i are 2i+1 and 2i+2) so a step is branch-free:
/// <c>i = 2i + 2 - (x[f] &lt; thr)</c>. Missing values are handled by feeding two copies of each feature: slot f holds
/// NaN→+∞ (default-right nodes) and slot F+f holds NaN→−∞ (default-left nodes). Padded nodes repeat their leaf below.
/// Other trees (categorical splits, very deep) fall back to a node walk with XGBoost's exact decision.
/// </summary>
internal sealed class CompiledForest
{
    public const int MaxPerfectDepth = 10;

    /// <summary>Rows per block; the predictor lays a block out feature-major, so slot s of row r is at s·BlockRows + r.</summary>
    public const int BlockRows = 64;

    public CompiledForest(TreeEnsemble ensemble)
    {
        Ensemble = ensemble;
        NumFeatures = ensemble.NumFeatures;
        int count = ensemble.Trees.Count;
        Depth = new int[count];
        NodeOffset = new int[count];
        LeafOffset = new int[count];
        var features = new List<int>();
        var thresholds = new List<float>();
        var leaves = new List<float>();
        for (int t = 0; t < count; t++)
        {
            var tree = ensemble.Trees[t];
            if (!CanPerfect(tree))
            {
                Depth[t] = -1;
                continue;
            }

            int d = tree.MaxDepth;
            Depth[t] = d;
            NodeOffset[t] = features.Count;
            LeafOffset[t] = leaves.Count;
            int internalCount = (1 << d) - 1;
            var f = new int[internalCount];
            var th = new float[internalCount];
            var lv = new float[1 << d];
            Fill(tree, 0, 0, 0, d, f, th, lv);
            features.AddRange(f);
            thresholds.AddRange(th);
            leaves.AddRange(lv);
        }

        Features = features.ToArray();
        Thresholds = thresholds.ToArray();
        Leaves = leaves.ToArray();
        AllPerfect = Depth.All(d => d >= 0);
    }

    public TreeEnsemble Ensemble { get; }
    public int NumFeatures { get; }

    /// <summary>Per tree: padded depth, or −1 when the tree uses the slow walk.</summary>
    public int[] Depth { get; }
    public int[] NodeOffset { get; }
    public int[] LeafOffset { get; }

    /// <summary>Per padded node: input slot (f or F+f) times <see cref="BlockRows"/>.</summary>
    public int[] Features { get; }
    public float[] Thresholds { get; }
    public float[] Leaves { get; }
    public bool AllPerfect { get; }

    private static bool CanPerfect(RegressionTree tree)
    {
        if (tree.MaxDepth > MaxPerfectDepth || tree.HasCategoricalSplits)
        {
            return false;
        }

        for (int i = 0; i < tree.NodeCount; i++)
        {
            if (!tree.IsLeaf(i) && !float.IsFinite(tree.SplitConditions[i]))
            {
                return false; // ±∞ thresholds would break the NaN→±∞ substitution
            }
        }

        return true;
    }

    private void Fill(RegressionTree tree, int node, int slot, int level, int depth, int[] f, float[] th, float[] lv)
    {
        if (tree.IsLeaf(node))
        {
            // every leaf slot below this padded position gets the leaf value; padded internal nodes are harmless
            int span = 1 << (depth - level);
            int first = (slot + 1) * span - 1 - ((1 << depth) - 1);
            for (int i = 0; i < span; i++)
            {
                lv[first + i] = tree.SplitConditions[node];
            }

            return;
        }

        int feature = tree.SplitIndices[node];
        f[slot] = (tree.DefaultLeft[node] ? NumFeatures + feature : feature) * BlockRows;
        th[slot] = tree.SplitConditions[node];
        Fill(tree, tree.LeftChildren[node], 2 * slot + 1, level + 1, depth, f, th, lv);
        Fill(tree, tree.RightChildren[node], 2 * slot + 2, level + 1, depth, f, th, lv);
    }
}
