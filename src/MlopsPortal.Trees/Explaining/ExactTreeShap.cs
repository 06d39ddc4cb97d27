using MlopsPortal.Trees.Model;
using MlopsPortal.Trees.Prediction;

namespace MlopsPortal.Trees.Explaining;

/// <summary>
/// A faithful float32 port of XGBoost 1.7's <c>RegTree::TreeShap</c> (<c>src/tree/tree_model.cc</c>), keeping its exact
/// operation order, so results equal <c>pred_contribs</c> bit for bit. Slow (O(T·L·D²) with divisions); it is the
/// reference for <see cref="FastTreeShap"/>.
/// </summary>
internal sealed class ExactTreeShap
{
    private readonly TreeEnsemble _ensemble;
    private readonly float[][] _means;

    public ExactTreeShap(TreeEnsemble ensemble)
    {
        _ensemble = ensemble;
        _means = ensemble.Trees.Select(NodeMeans.Compute).ToArray();
    }

    /// <summary>Contributions of one row into <paramref name="phi"/> (length NumFeatures + 1, bias last).</summary>
    public void Explain(ReadOnlySpan<float> row, Span<float> phi)
    {
        int nf = _ensemble.NumFeatures;
        phi.Clear();
        var tmp = new float[nf + 1];
        for (int t = 0; t < _ensemble.Trees.Count; t++)
        {
            var tree = _ensemble.Trees[t];
            Array.Clear(tmp);
            tmp[nf] += _means[t][0];
            int maxd = tree.MaxDepth + 2;
            var path = new PathElement[maxd * (maxd + 1) / 2];
            Recurse(tree, row, tmp, 0, 0, path, 0, 1f, 1f, -1);
            for (int c = 0; c <= nf; c++)
            {
                phi[c] += tmp[c];
            }
        }

        phi[nf] += _ensemble.Margin0;
    }

    private struct PathElement
    {
        public int FeatureIndex;
        public float ZeroFraction;
        public float OneFraction;
        public float PWeight;
    }

    private static void Recurse(RegressionTree tree, ReadOnlySpan<float> row, float[] phi, int node, int uniqueDepth,
        PathElement[] buffer, int parentOffset, float parentZero, float parentOne, int parentFeature)
    {
        int offset = parentOffset + uniqueDepth + 1;
        var unique = buffer.AsSpan(offset);
        buffer.AsSpan(parentOffset, uniqueDepth + 1).CopyTo(unique);
        ExtendPath(unique, uniqueDepth, parentZero, parentOne, parentFeature);

        if (tree.IsLeaf(node))
        {
            float leaf = tree.SplitConditions[node];
            for (int i = 1; i <= uniqueDepth; i++)
            {
                float w = UnwoundPathSum(unique, uniqueDepth, i);
                ref var el = ref unique[i];
                phi[el.FeatureIndex] += w * (el.OneFraction - el.ZeroFraction) * leaf * 1f;
            }

            return;
        }

        int split = tree.SplitIndices[node];
        int hot = NodeDecision.Next(tree, node, row[split]);
        int cold = hot == tree.LeftChildren[node] ? tree.RightChildren[node] : tree.LeftChildren[node];
        float w0 = tree.SumHessian[node];
        float hotZero = tree.SumHessian[hot] / w0;
        float coldZero = tree.SumHessian[cold] / w0;
        float incomingZero = 1f, incomingOne = 1f;
        int pathIndex = 0;
        for (; pathIndex <= uniqueDepth; pathIndex++)
        {
            if (unique[pathIndex].FeatureIndex == split)
            {
                break;
            }
        }

        if (pathIndex != uniqueDepth + 1)
        {
            incomingZero = unique[pathIndex].ZeroFraction;
            incomingOne = unique[pathIndex].OneFraction;
            UnwindPath(unique, uniqueDepth, pathIndex);
            uniqueDepth -= 1;
        }

        Recurse(tree, row, phi, hot, uniqueDepth + 1, buffer, offset, hotZero * incomingZero, incomingOne, split);
        Recurse(tree, row, phi, cold, uniqueDepth + 1, buffer, offset, coldZero * incomingZero, 0f, split);
    }

    private static void ExtendPath(Span<PathElement> p, int d, float zero, float one, int feature)
    {
        p[d].FeatureIndex = feature;
        p[d].ZeroFraction = zero;
        p[d].OneFraction = one;
        p[d].PWeight = d == 0 ? 1f : 0f;
        for (int i = d - 1; i >= 0; i--)
        {
            p[i + 1].PWeight += one * p[i].PWeight * (i + 1) / (float)(d + 1);
            p[i].PWeight = zero * p[i].PWeight * (d - i) / (float)(d + 1);
        }
    }

    private static void UnwindPath(Span<PathElement> p, int d, int pathIndex)
    {
        float one = p[pathIndex].OneFraction;
        float zero = p[pathIndex].ZeroFraction;
        float nextOnePortion = p[d].PWeight;
        for (int i = d - 1; i >= 0; --i)
        {
            if (one != 0)
            {
                float tmp = p[i].PWeight;
                p[i].PWeight = nextOnePortion * (d + 1) / ((i + 1) * one);
                nextOnePortion = tmp - p[i].PWeight * zero * (d - i) / (float)(d + 1);
            }
            else
            {
                p[i].PWeight = p[i].PWeight * (d + 1) / (zero * (d - i));
            }
        }

        for (int i = pathIndex; i < d; ++i)
        {
            p[i].FeatureIndex = p[i + 1].FeatureIndex;
            p[i].ZeroFraction = p[i + 1].ZeroFraction;
            p[i].OneFraction = p[i + 1].OneFraction;
        }
    }

    private static float UnwoundPathSum(Span<PathElement> p, int d, int pathIndex)
    {
        float one = p[pathIndex].OneFraction;
        float zero = p[pathIndex].ZeroFraction;
        float nextOnePortion = p[d].PWeight;
        float total = 0f;
        for (int i = d - 1; i >= 0; --i)
        {
            if (one != 0)
            {
                float tmp = nextOnePortion * (d + 1) / ((i + 1) * one);
                total += tmp;
                nextOnePortion = p[i].PWeight - tmp * zero * ((d - i) / (float)(d + 1));
            }
            else if (zero != 0)
            {
                total += p[i].PWeight / zero / ((d - i) / (float)(d + 1));
            }
        }

        return total;
    }
}
