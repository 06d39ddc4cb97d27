using MlopsPortal.Trees.Model;

namespace MlopsPortal.Trees.Explaining;

/// <summary>
/// Per-tree precomputation for <see cref="FastTreeShap"/>: every leaf's root-to-leaf path with repeated features merged
/// (XGBoost's unwind/re-extend: zero fractions multiply in path order in float32, one fractions AND), and the quadrature
/// factors <c>z + (o − z)·t_q</c> for o = 0 and o = 1 with their reciprocals.
/// </summary>
internal sealed class ShapPaths
{
    public ShapPaths(RegressionTree tree)
    {
        Tree = tree;
        var leaves = new List<Leaf>();
        var path = new List<(int Node, bool Right)>();
        Collect(tree, 0, path, leaves);
        Leaves = leaves.ToArray();
        int maxUnique = Leaves.Length == 0 ? 0 : Leaves.Max(l => l.Features.Length);
        Q = Math.Max(1, (maxUnique + 1) / 2);
        Internal = Enumerable.Range(0, tree.NodeCount).Where(n => !tree.IsLeaf(n)).ToArray();
    }

    public RegressionTree Tree { get; }
    public Leaf[] Leaves { get; }

    /// <summary>Quadrature points per leaf (⌈max unique features / 2⌉).</summary>
    public int Q { get; }

    /// <summary>Quadrature weights; with <see cref="Leaf.Factor0"/> and the rest filled by <see cref="ComputeFactors"/>.</summary>
    public double[] Weights { get; private set; } = [];

    /// <summary>The per-leaf quadrature factors, needed only when the tree is explained without tables.</summary>
    public void ComputeFactors()
    {
        var (t, w) = GaussLegendre.On01(Q);
        Weights = w;
        foreach (var leaf in Leaves)
        {
            int d = leaf.Features.Length;
            leaf.Factor0 = new double[d * Q];
            leaf.Factor1 = new double[d * Q];
            leaf.Inverse0 = new double[d * Q];
            leaf.Inverse1 = new double[d * Q];
            for (int j = 0; j < d; j++)
            {
                double z = leaf.Zero[j];
                for (int q = 0; q < Q; q++)
                {
                    double f0 = z * (1 - t[q]);
                    double f1 = z + (1 - z) * t[q];
                    leaf.Factor0[j * Q + q] = f0;
                    leaf.Factor1[j * Q + q] = f1;
                    leaf.Inverse0[j * Q + q] = f0 == 0 ? 0 : 1 / f0;
                    leaf.Inverse1[j * Q + q] = f1 == 0 ? 0 : 1 / f1;
                }
            }
        }
    }

    /// <summary>Internal node ids, in id order.</summary>
    public int[] Internal { get; }

    private static void Collect(RegressionTree tree, int node, List<(int Node, bool Right)> path, List<Leaf> leaves)
    {
        if (tree.IsLeaf(node))
        {
            leaves.Add(Leaf.From(tree, node, path));
            return;
        }

        path.Add((node, false));
        Collect(tree, tree.LeftChildren[node], path, leaves);
        path[^1] = (node, true);
        Collect(tree, tree.RightChildren[node], path, leaves);
        path.RemoveAt(path.Count - 1);
    }

    internal sealed class Leaf
    {
        /// <summary>The leaf's node id.</summary>
        public int Node;
        public double Value;

        /// <summary>Unique features on the path, in first-seen order.</summary>
        public int[] Features = [];
        public double[] Zero = [];

        /// <summary>Per unique feature j, the path steps [ConditionStart[j], ConditionStart[j+1]) as (node, goes right).</summary>
        public int[] ConditionStart = [];
        public int[] ConditionNode = [];
        public bool[] ConditionRight = [];

        /// <summary>True when some feature has zero cover and o=0 can zero the whole leaf.</summary>
        public bool HasZeroCover;
        public double[] Factor0 = [];
        public double[] Factor1 = [];
        public double[] Inverse0 = [];
        public double[] Inverse1 = [];

        public static Leaf From(RegressionTree tree, int leafNode, List<(int Node, bool Right)> path)
        {
            var order = new List<int>();
            var zero = new Dictionary<int, float>();
            var steps = new Dictionary<int, List<(int, bool)>>();
            foreach (var (node, right) in path)
            {
                int f = tree.SplitIndices[node];
                int child = right ? tree.RightChildren[node] : tree.LeftChildren[node];
                float z = tree.SumHessian[child] / tree.SumHessian[node];
                if (zero.TryGetValue(f, out float prev))
                {
                    zero[f] = z * prev; // XGBoost: child's zero fraction × the unwound incoming one
                    steps[f].Add((node, right));
                }
                else
                {
                    order.Add(f);
                    zero[f] = z;
                    steps[f] = [(node, right)];
                }
            }

            var leaf = new Leaf
            {
                Node = leafNode,
                Value = tree.SplitConditions[leafNode],
                Features = order.ToArray(),
                Zero = order.Select(f => (double)zero[f]).ToArray(),
            };
            leaf.HasZeroCover = leaf.Zero.Any(z => z == 0);
            var start = new List<int> { 0 };
            var cn = new List<int>();
            var cr = new List<bool>();
            foreach (int f in order)
            {
                foreach (var (n, r) in steps[f])
                {
                    cn.Add(n);
                    cr.Add(r);
                }

                start.Add(cn.Count);
            }

            leaf.ConditionStart = start.ToArray();
            leaf.ConditionNode = cn.ToArray();
            leaf.ConditionRight = cr.ToArray();
            return leaf;
        }
    }
}
