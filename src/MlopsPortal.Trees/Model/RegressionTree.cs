namespace MlopsPortal.Trees.Model;

/// <summary>
/// One regression tree as flat arrays indexed by node id (XGBoost's layout). A leaf has
/// <c>LeftChildren[n] == -1</c> and its value in <c>SplitConditions[n]</c>.
/// </summary>
public sealed class RegressionTree
{
    public RegressionTree(
        int[] leftChildren,
        int[] rightChildren,
        int[] splitIndices,
        float[] splitConditions,
        bool[] defaultLeft,
        float[] sumHessian,
        byte[]? splitTypes = null,
        int[]?[]? categories = null,
        float[]? baseWeights = null,
        float[]? lossChanges = null)
    {
        int n = leftChildren.Length;
        if (n == 0)
        {
            throw new ArgumentException("A tree needs at least one node.", nameof(leftChildren));
        }

        if (rightChildren.Length != n || splitIndices.Length != n || splitConditions.Length != n
            || defaultLeft.Length != n || sumHessian.Length != n
            || (splitTypes is not null && splitTypes.Length != n) || (categories is not null && categories.Length != n)
            || (baseWeights is not null && baseWeights.Length != n) || (lossChanges is not null && lossChanges.Length != n))
        {
            throw new ArgumentException("All node arrays of a tree must have the same length.");
        }

        LeftChildren = leftChildren;
        RightChildren = rightChildren;
        SplitIndices = splitIndices;
        SplitConditions = splitConditions;
        DefaultLeft = defaultLeft;
        SumHessian = sumHessian;
        SplitTypes = splitTypes ?? new byte[n];
        Categories = categories ?? new int[]?[n];
        BaseWeights = baseWeights;
        LossChanges = lossChanges;
        Validate();
        MaxDepth = ComputeDepth(0);
    }

    public int[] LeftChildren { get; }
    public int[] RightChildren { get; }
    public int[] SplitIndices { get; }

    /// <summary>Threshold on numerical nodes (<c>x &lt; cond</c> goes left), leaf value on leaves, NaN on categorical nodes.</summary>
    public float[] SplitConditions { get; }
    public bool[] DefaultLeft { get; }

    /// <summary>Cover (XGBoost's <c>sum_hessian</c>), used by TreeSHAP.</summary>
    public float[] SumHessian { get; }

    /// <summary>0 numerical, 1 categorical.</summary>
    public byte[] SplitTypes { get; }

    /// <summary>Per categorical node: sorted category codes that go RIGHT; null elsewhere.</summary>
    public int[]?[] Categories { get; }
    public float[]? BaseWeights { get; }
    public float[]? LossChanges { get; }

    public int NodeCount => LeftChildren.Length;

    /// <summary>Depth counted in edges (a single leaf has depth 0).</summary>
    public int MaxDepth { get; }

    public bool IsLeaf(int node) => LeftChildren[node] == -1;

    public bool HasCategoricalSplits => Array.IndexOf(SplitTypes, (byte)1) >= 0;

    public int LeafCount
    {
        get
        {
            int c = 0;
            foreach (int l in LeftChildren)
            {
                if (l == -1)
                {
                    c++;
                }
            }

            return c;
        }
    }

    /// <summary>A copy with every leaf value multiplied by <paramref name="weight"/> in float32 (DART's weight_drop).</summary>
    public RegressionTree ScaleLeaves(float weight)
    {
        var cond = (float[])SplitConditions.Clone();
        for (int i = 0; i < cond.Length; i++)
        {
            if (IsLeaf(i))
            {
                cond[i] *= weight;
            }
        }

        return new RegressionTree(LeftChildren, RightChildren, SplitIndices, cond, DefaultLeft, SumHessian,
            SplitTypes, Categories, BaseWeights, LossChanges);
    }

    private void Validate()
    {
        int n = NodeCount;
        var seen = new bool[n];
        var stack = new Stack<int>();
        stack.Push(0);
        while (stack.Count > 0)
        {
            int node = stack.Pop();
            if (seen[node])
            {
                throw new ArgumentException($"Tree node {node} is reachable twice: the tree is corrupt.");
            }

            seen[node] = true;
            int l = LeftChildren[node], r = RightChildren[node];
            if (l == -1)
            {
                continue;
            }

            if (l <= 0 || l >= n || r <= 0 || r >= n)
            {
                throw new ArgumentException($"Tree node {node} has children ({l}, {r}) outside 0..{n - 1}: the tree is corrupt.");
            }

            if (SplitIndices[node] < 0)
            {
                throw new ArgumentException($"Tree node {node} splits on a negative feature index.");
            }

            if (SplitTypes[node] == 1 && Categories[node] is null)
            {
                throw new ArgumentException($"Categorical tree node {node} has no category set.");
            }

            stack.Push(r);
            stack.Push(l);
        }
    }

    private int ComputeDepth(int root)
    {
        int max = 0;
        var stack = new Stack<(int Node, int Depth)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, d) = stack.Pop();
            if (IsLeaf(node))
            {
                max = Math.Max(max, d);
                continue;
            }

            stack.Push((LeftChildren[node], d + 1));
            stack.Push((RightChildren[node], d + 1));
        }

        return max;
    }
}
