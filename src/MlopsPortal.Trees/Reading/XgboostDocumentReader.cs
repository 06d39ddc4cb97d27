using System.Globalization;
using MlopsPortal.Trees.Model;
using static MlopsPortal.Trees.Reading.DocumentValues;

namespace MlopsPortal.Trees.Reading;

/// <summary>Builds a <see cref="TreeEnsemble"/> from a parsed XGBoost JSON/UBJSON model document.</summary>
internal static class XgboostDocumentReader
{
    public static TreeEnsemble Read(object? root, ModelFormat format)
    {
        var doc = Obj(root, "document");
        if (doc.ContainsKey("Model") && doc.ContainsKey("Config"))
        {
            // XGBoosterSerializeToBuffer output (the body of a 1.x pickle's handle).
            doc = Obj(doc["Model"], "Model");
        }

        if (!doc.TryGetValue("learner", out var learnerValue))
        {
            throw new ModelFormatException("The JSON document is not an XGBoost model: it has no 'learner' object.");
        }

        var learner = Obj(learnerValue, "learner");
        var version = TryGet(doc, "version") is { } vv ? List(vv, "version").Select(x => (int)Int(x, "version")).ToArray() : null;

        var lmp = Obj(Get(learner, "learner_model_param", "learner"), "learner_model_param");
        int numClass = (int)Int(TryGet(lmp, "num_class") ?? "0", "num_class");
        if (numClass > 1)
        {
            throw new ModelFormatException($"The model is multi-class (num_class={numClass}); only binary models are supported.");
        }

        int numTarget = (int)Int(TryGet(lmp, "num_target") ?? "1", "num_target");
        if (numTarget > 1)
        {
            throw new ModelFormatException($"The model has {numTarget} targets; only single-target binary models are supported.");
        }

        int numFeature = (int)Int(Get(lmp, "num_feature", "learner_model_param"), "num_feature");
        float baseScore = ParseBaseScore(Str(TryGet(lmp, "base_score") ?? "0.5", "base_score"));

        var objectiveDoc = Obj(Get(learner, "objective", "learner"), "objective");
        string objectiveName = Str(Get(objectiveDoc, "name", "objective"), "objective.name");
        if (!Objectives.TryParse(objectiveName, out var objective))
        {
            throw new ModelFormatException($"The model's objective is '{objectiveName}'; supported: binary:logistic, reg:logistic, binary:logitraw.");
        }

        float spw = 1f;
        if (TryGet(objectiveDoc, "reg_loss_param") is Dictionary<string, object?> rlp && TryGet(rlp, "scale_pos_weight") is { } s)
        {
            spw = float.Parse(Str(s, "scale_pos_weight"), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        var gb = Obj(Get(learner, "gradient_booster", "learner"), "gradient_booster");
        string boosterName = Str(Get(gb, "name", "gradient_booster"), "gradient_booster.name");
        float[]? weightDrop = null;
        Dictionary<string, object?> gbtree;
        switch (boosterName)
        {
            case "gbtree":
                gbtree = gb;
                break;
            case "dart":
                gbtree = Obj(Get(gb, "gbtree", "gradient_booster"), "gbtree");
                weightDrop = Floats(Get(gb, "weight_drop", "gradient_booster"), "weight_drop");
                break;
            case "gblinear":
                throw new ModelFormatException("The model is a linear booster (gblinear); only tree boosters (gbtree, dart) are supported.");
            default:
                throw new ModelFormatException($"Unknown booster '{boosterName}'; only gbtree and dart are supported.");
        }

        var model = Obj(Get(gbtree, "model", "gbtree"), "gbtree.model");
        if (TryGet(model, "gbtree_model_param") is Dictionary<string, object?> gmp
            && TryGet(gmp, "size_leaf_vector") is { } slv && Int(slv, "size_leaf_vector") > 0)
        {
            throw new ModelFormatException("The model has vector leaves (size_leaf_vector > 0); only scalar leaves are supported.");
        }

        var treeDocs = List(Get(model, "trees", "gbtree.model"), "trees");
        var treeInfo = TryGet(model, "tree_info") is { } ti ? Ints(ti, "tree_info") : new int[treeDocs.Count];
        if (treeInfo.Any(g => g != 0))
        {
            throw new ModelFormatException("The model has trees for more than one output group (multi-class); only binary models are supported.");
        }

        if (weightDrop is not null && weightDrop.Length != treeDocs.Count)
        {
            throw new ModelFormatException($"DART weight_drop has {weightDrop.Length} weights for {treeDocs.Count} trees.");
        }

        var trees = new RegressionTree[treeDocs.Count];
        for (int i = 0; i < trees.Length; i++)
        {
            var tree = ReadTree(Obj(treeDocs[i], "tree"), i);
            trees[i] = weightDrop is null ? tree : tree.ScaleLeaves(weightDrop[i]);
        }

        var names = TryGet(learner, "feature_names") is { } fn ? List(fn, "feature_names").Select(x => Str(x, "feature_names")).ToArray() : null;
        var types = TryGet(learner, "feature_types") is { } ft ? List(ft, "feature_types").Select(x => Str(x, "feature_types")).ToArray() : null;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (TryGet(learner, "attributes") is Dictionary<string, object?> attrs)
        {
            foreach (var (k, v) in attrs)
            {
                attributes[k] = Str(v, "attributes." + k);
            }
        }

        try
        {
            return new TreeEnsemble(trees, numFeature, objective, baseScore, names, types, attributes, format, boosterName,
                scalePosWeight: spw, version: version);
        }
        catch (ArgumentException ex)
        {
            throw new ModelFormatException("The model is inconsistent: " + ex.Message, ex);
        }
    }

    /// <summary>"0.500000" (1.0–1.1), "5E-1" (1.2–3.0) or "[5E-1]" (3.1+).</summary>
    internal static float ParseBaseScore(string s)
    {
        s = s.Trim();
        if (s.StartsWith('[') && s.EndsWith(']'))
        {
            var parts = s[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 1)
            {
                throw new ModelFormatException($"base_score '{s}' has {parts.Length} values; only single-target models are supported.");
            }

            s = parts[0];
        }

        if (!float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out float v))
        {
            throw new ModelFormatException($"base_score '{s}' is not a number.");
        }

        return v;
    }

    private static RegressionTree ReadTree(Dictionary<string, object?> t, int index)
    {
        string where = $"trees[{index}]";
        if (TryGet(t, "tree_param") is Dictionary<string, object?> tp && TryGet(tp, "size_leaf_vector") is { } slv
            && Int(slv, "size_leaf_vector") > 0)
        {
            throw new ModelFormatException($"Tree {index} has vector leaves (size_leaf_vector > 0); only scalar leaves are supported.");
        }

        var left = Ints(Get(t, "left_children", where), "left_children");
        var right = Ints(Get(t, "right_children", where), "right_children");
        var split = Ints(Get(t, "split_indices", where), "split_indices");
        var cond = Floats(Get(t, "split_conditions", where), "split_conditions");
        var dl = Bools(Get(t, "default_left", where), "default_left");
        var hess = Floats(Get(t, "sum_hessian", where), "sum_hessian");
        var baseWeights = TryGet(t, "base_weights") is { } bw ? Floats(bw, "base_weights") : null;
        var loss = TryGet(t, "loss_changes") is { } lc ? Floats(lc, "loss_changes") : null;
        int n = left.Length;
        if (baseWeights is not null && baseWeights.Length != n)
        {
            baseWeights = null;
        }

        byte[] types = TryGet(t, "split_type") is { } st ? Ints(st, "split_type").Select(x => (byte)x).ToArray() : new byte[n];
        var cats = new int[]?[n];
        if (types.Any(x => x == 1))
        {
            var catValues = Ints(Get(t, "categories", where), "categories");
            var catNodes = Ints(Get(t, "categories_nodes", where), "categories_nodes");
            var catSegments = Ints(Get(t, "categories_segments", where), "categories_segments");
            var catSizes = Ints(TryGet(t, "categories_sizes") ?? Get(t, "categorical_sizes", where), "categories_sizes");
            for (int k = 0; k < catNodes.Length; k++)
            {
                int node = catNodes[k], seg = catSegments[k], size = catSizes[k];
                if (node < 0 || node >= n || seg < 0 || size < 0 || seg + size > catValues.Length)
                {
                    throw new ModelFormatException($"Tree {index}: categorical split {k} points outside its arrays.");
                }

                var set = catValues.AsSpan(seg, size).ToArray();
                Array.Sort(set);
                cats[node] = set;
            }
        }

        try
        {
            return new RegressionTree(left, right, split, cond, dl, hess, types, cats, baseWeights, loss);
        }
        catch (ArgumentException ex)
        {
            throw new ModelFormatException($"Tree {index} is corrupt: {ex.Message}", ex);
        }
    }
}
