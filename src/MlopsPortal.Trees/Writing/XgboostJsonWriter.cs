using System.Globalization;
using System.Text;
using MlopsPortal.Trees.Model;

namespace MlopsPortal.Trees.Writing;

/// <summary>
/// Writes any ensemble as an XGBoost 1.7 JSON model (gbtree; DART weights are already in the leaves) that
/// <c>xgboost.Booster(model_file=...)</c> loads and predicts identically. Floats are written as shortest round-trip
/// float32 strings; categorical nodes get XGBoost's NaN condition and CSR category arrays.
/// </summary>
public static class XgboostJsonWriter
{
    public static string ToJson(TreeEnsemble ensemble)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        var sb = new StringBuilder(1 << 16);
        sb.Append("{\"learner\":{\"attributes\":{");
        bool first = true;
        foreach (var (k, v) in ensemble.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            Str(sb, k);
            sb.Append(':');
            Str(sb, v);
        }

        sb.Append("},\"feature_names\":[");
        AppendStrings(sb, ensemble.FeatureNames ?? []);
        sb.Append("],\"feature_types\":[");
        AppendStrings(sb, ensemble.FeatureTypes ?? (ensemble.FeatureNames is null ? [] : Enumerable.Repeat("float", ensemble.NumFeatures).ToArray()));
        sb.Append("],\"gradient_booster\":{\"model\":{\"gbtree_model_param\":{\"num_parallel_tree\":\"1\",\"num_trees\":\"")
            .Append(ensemble.Trees.Count.ToString(CultureInfo.InvariantCulture))
            .Append("\",\"size_leaf_vector\":\"0\"},\"tree_info\":[");
        sb.AppendJoin(',', Enumerable.Repeat('0', ensemble.Trees.Count));
        sb.Append("],\"trees\":[");
        for (int t = 0; t < ensemble.Trees.Count; t++)
        {
            if (t > 0)
            {
                sb.Append(',');
            }

            WriteTree(sb, ensemble.Trees[t], t, ensemble.NumFeatures);
        }

        float baseScore = ensemble.Objective == Objective.BinaryLogitRaw ? ensemble.Margin0 : ensemble.BaseScore;
        sb.Append("]},\"name\":\"gbtree\"},\"learner_model_param\":{\"base_score\":\"").Append(F(baseScore))
            .Append("\",\"boost_from_average\":\"1\",\"num_class\":\"0\",\"num_feature\":\"")
            .Append(ensemble.NumFeatures.ToString(CultureInfo.InvariantCulture))
            .Append("\",\"num_target\":\"1\"},\"objective\":{\"name\":\"").Append(ensemble.Objective.Name())
            .Append("\",\"reg_loss_param\":{\"scale_pos_weight\":\"").Append(F(ensemble.ScalePosWeight))
            .Append("\"}}},\"version\":[1,7,4]}");
        return sb.ToString();
    }

    public static void Write(TreeEnsemble ensemble, Stream stream)
    {
        var bytes = new UTF8Encoding(false).GetBytes(ToJson(ensemble));
        stream.Write(bytes);
    }

    public static void Write(TreeEnsemble ensemble, string path) => File.WriteAllText(path, ToJson(ensemble), new UTF8Encoding(false));

    private static void WriteTree(StringBuilder sb, RegressionTree tree, int id, int numFeature)
    {
        int n = tree.NodeCount;
        var parents = new int[n];
        Array.Fill(parents, int.MaxValue);
        for (int i = 0; i < n; i++)
        {
            if (!tree.IsLeaf(i))
            {
                parents[tree.LeftChildren[i]] = i;
                parents[tree.RightChildren[i]] = i;
            }
        }

        var catNodes = new List<int>();
        var catSegments = new List<long>();
        var catSizes = new List<long>();
        var cats = new List<int>();
        for (int i = 0; i < n; i++)
        {
            if (!tree.IsLeaf(i) && tree.SplitTypes[i] == 1)
            {
                catNodes.Add(i);
                catSegments.Add(cats.Count);
                catSizes.Add(tree.Categories[i]!.Length);
                cats.AddRange(tree.Categories[i]!);
            }
        }

        var baseWeights = tree.BaseWeights ?? Enumerable.Range(0, n).Select(i => tree.IsLeaf(i) ? tree.SplitConditions[i] : 0f).ToArray();
        var loss = tree.LossChanges ?? new float[n];
        var cond = Enumerable.Range(0, n).Select(i => !tree.IsLeaf(i) && tree.SplitTypes[i] == 1 ? float.NaN : tree.SplitConditions[i]).ToArray();
        sb.Append("{\"base_weights\":[");
        Floats(sb, baseWeights);
        sb.Append("],\"categories\":[").AppendJoin(',', cats)
            .Append("],\"categories_nodes\":[").AppendJoin(',', catNodes)
            .Append("],\"categories_segments\":[").AppendJoin(',', catSegments)
            .Append("],\"categories_sizes\":[").AppendJoin(',', catSizes)
            .Append("],\"default_left\":[").AppendJoin(',', tree.DefaultLeft.Select(b => b ? '1' : '0'))
            .Append("],\"id\":").Append(id.ToString(CultureInfo.InvariantCulture))
            .Append(",\"left_children\":[").AppendJoin(',', tree.LeftChildren)
            .Append("],\"loss_changes\":[");
        Floats(sb, loss);
        sb.Append("],\"parents\":[").AppendJoin(',', parents)
            .Append("],\"right_children\":[").AppendJoin(',', tree.RightChildren)
            .Append("],\"split_conditions\":[");
        Floats(sb, cond);
        sb.Append("],\"split_indices\":[").AppendJoin(',', Enumerable.Range(0, n).Select(i => tree.IsLeaf(i) ? 0 : tree.SplitIndices[i]))
            .Append("],\"split_type\":[").AppendJoin(',', Enumerable.Range(0, n).Select(i => tree.IsLeaf(i) ? 0 : (int)tree.SplitTypes[i]))
            .Append("],\"sum_hessian\":[");
        Floats(sb, tree.SumHessian);
        sb.Append("],\"tree_param\":{\"num_deleted\":\"0\",\"num_feature\":\"").Append(numFeature.ToString(CultureInfo.InvariantCulture))
            .Append("\",\"num_nodes\":\"").Append(n.ToString(CultureInfo.InvariantCulture))
            .Append("\",\"size_leaf_vector\":\"0\"}}");
    }

    private static void Floats(StringBuilder sb, float[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(F(values[i]));
        }
    }

    /// <summary>
    /// Shortest round-trip float32 text, always with a fraction or exponent (XGBoost rejects an integer token where it
    /// expects a number); XGBoost's NaN/Infinity tokens for non-finite values.
    /// </summary>
    internal static string F(float v)
    {
        if (float.IsNaN(v))
        {
            return "NaN";
        }

        if (float.IsInfinity(v))
        {
            return v > 0 ? "Infinity" : "-Infinity";
        }

        string s = v.ToString("R", CultureInfo.InvariantCulture);
        return s.AsSpan().IndexOfAny('.', 'E', 'e') >= 0 ? s : s + "E0";
    }

    private static void AppendStrings(StringBuilder sb, IEnumerable<string> values)
    {
        bool first = true;
        foreach (var v in values)
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            Str(sb, v);
        }
    }

    private static void Str(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
