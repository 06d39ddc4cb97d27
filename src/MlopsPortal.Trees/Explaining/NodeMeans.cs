using MlopsPortal.Trees.Model;

namespace MlopsPortal.Trees.Explaining;

/// <summary>XGBoost's <c>FillNodeMeanValues</c>: cover-weighted mean leaf value per node, in float32.</summary>
internal static class NodeMeans
{
    public static float[] Compute(RegressionTree tree)
    {
        var means = new float[tree.NodeCount];
        Fill(tree, 0, means);
        return means;
    }

    private static float Fill(RegressionTree tree, int node, float[] means)
    {
        float result;
        if (tree.IsLeaf(node))
        {
            result = tree.SplitConditions[node];
        }
        else
        {
            int l = tree.LeftChildren[node], r = tree.RightChildren[node];
            result = Fill(tree, l, means) * tree.SumHessian[l];
            result += Fill(tree, r, means) * tree.SumHessian[r];
            result /= tree.SumHessian[node];
        }

        means[node] = result;
        return result;
    }

    /// <summary>The bias column, accumulated exactly as XGBoost does: per tree += mean(root), then += margin0.</summary>
    public static float Bias(TreeEnsemble ensemble)
    {
        float bias = 0f;
        foreach (var tree in ensemble.Trees)
        {
            bias += Compute(tree)[0];
        }

        return bias + ensemble.Margin0;
    }
}
