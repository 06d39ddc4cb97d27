using System.Runtime.CompilerServices;
using MlopsPortal.Trees.Model;

namespace MlopsPortal.Trees.Prediction;

/// <summary>XGBoost 1.7's split decision for one node (<c>predict_fn.h</c>, <c>categorical.h</c>).</summary>
internal static class NodeDecision
{
    /// <summary>The child a float32 value goes to at an internal node.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Next(RegressionTree tree, int node, float x)
    {
        if (float.IsNaN(x))
        {
            return tree.DefaultLeft[node] ? tree.LeftChildren[node] : tree.RightChildren[node];
        }

        if (tree.SplitTypes[node] == 1)
        {
            return CategoryGoesRight(tree.Categories[node]!, x) ? tree.RightChildren[node] : tree.LeftChildren[node];
        }

        return x < tree.SplitConditions[node] ? tree.LeftChildren[node] : tree.RightChildren[node];
    }

    /// <summary>A category in the node's set goes right; negative, ≥ 2^24 or unseen categories go left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool CategoryGoesRight(int[] sortedSet, float x)
    {
        if (x < 0f || x >= 16777216f)
        {
            return false;
        }

        return Array.BinarySearch(sortedSet, (int)x) >= 0;
    }

    /// <summary>Leaf value reached by one row (slow path, used for odd trees and as a reference).</summary>
    public static float Leaf(RegressionTree tree, ReadOnlySpan<float> row)
    {
        int node = 0;
        var left = tree.LeftChildren;
        while (left[node] != -1)
        {
            node = Next(tree, node, row[tree.SplitIndices[node]]);
        }

        return tree.SplitConditions[node];
    }
}
