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
    public const int BlockRows = 96; // = BitvectorWalk's block (twelve Vector256 of rows)

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
        QsOffset = new int[count];
        QsLoCount = new int[count];
        QsHiCount = new int[count];
        var qs = new List<QsNode>();
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
            if (d <= MaxBitvectorDepth)
            {
                QsOffset[t] = qs.Count;
                var lo = new List<QsNode>();
                var hi = new List<QsNode>();
                Bitvector(tree, 0, 0, 0, d, lo, hi);
                qs.AddRange(lo);
                qs.AddRange(hi);
                QsLoCount[t] = lo.Count;
                QsHiCount[t] = hi.Count;
            }
        }

        Features = features.ToArray();
        Thresholds = thresholds.ToArray();
        Leaves = leaves.ToArray();
        QsNodes = qs.ToArray();
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

    /// <summary>Deepest padded tree the bitvector kernel takes (64 leaf positions = two 32-bit words per row).</summary>
    public const int MaxBitvectorDepth = 6;

    /// <summary>
    /// Bitvector (QuickScorer) form of the perfect trees up to <see cref="MaxBitvectorDepth"/>: per tree, its real
    /// internal nodes whose left subtree lies in leaf positions 0–31 ("lo"), then those in 32–63 ("hi"). The root of a
    /// depth-6 tree counts as lo (its left subtree is all of lo). Positions are the padded leaf slots of
    /// <see cref="Leaves"/>.
    /// </summary>
    public QsNode[] QsNodes { get; }
    public int[] QsOffset { get; }
    public int[] QsLoCount { get; }
    public int[] QsHiCount { get; }

    /// <summary>
    /// One node for the bitvector kernel: when the row goes right (<c>!(x[Slot] &lt; Threshold)</c>) the leaf positions
    /// of its left subtree cannot be the exit leaf, so the row's 32-bit word is ANDed with <see cref="Keep"/>.
    /// </summary>
    internal struct QsNode
    {
        public int Slot;
        public float Threshold;
        public uint Keep;
    }

    private void Bitvector(RegressionTree tree, int node, int slot, int level, int depth, List<QsNode> lo, List<QsNode> hi)
    {
        if (tree.IsLeaf(node))
        {
            return;
        }

        // left subtree of BFS slot `slot` at `level` covers leaf positions [first, first + half)
        int k = slot - ((1 << level) - 1);
        int span = 1 << (depth - level);
        int first = k * span;
        int half = span / 2;
        ulong left = (half >= 64 ? ulong.MaxValue : ((1UL << half) - 1)) << first;
        int feature = tree.SplitIndices[node];
        var q = new QsNode
        {
            Slot = (tree.DefaultLeft[node] ? NumFeatures + feature : feature) * BlockRows,
            Threshold = tree.SplitConditions[node],
        };
        if (first < 32)
        {
            q.Keep = ~(uint)left;
            lo.Add(q);
        }
        else
        {
            q.Keep = ~(uint)(left >> 32);
            hi.Add(q);
        }

        Bitvector(tree, tree.LeftChildren[node], 2 * slot + 1, level + 1, depth, lo, hi);
        Bitvector(tree, tree.RightChildren[node], 2 * slot + 2, level + 1, depth, lo, hi);
    }

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
