using System.Buffers.Binary;
using System.Text;
using MlopsPortal.Trees.Model;

namespace MlopsPortal.Trees.Reading;

/// <summary>
/// XGBoost's legacy binary model (1.x with the <c>binf</c> magic, and pre-1.0 without it): little-endian packed structs.
/// Layout: <c>v1.7.4:src/learner.cc</c>, <c>src/gbm/gbtree_model.h</c>, <c>include/xgboost/tree_model.h</c>.
/// </summary>
internal sealed class LegacyBinaryReader
{
    private const int LearnerParamSize = 136;
    private const int GbTreeParamSize = 160;
    private const int TreeParamSize = 148;
    private const int NodeSize = 20;
    private const int StatSize = 16;

    private readonly byte[] _b;
    private int _p;

    private LegacyBinaryReader(byte[] bytes, int start)
    {
        _b = bytes;
        _p = start;
    }

    public static TreeEnsemble Read(byte[] bytes)
    {
        bool magic = bytes.Length >= 4 && bytes[0] == (byte)'b' && bytes[1] == (byte)'i' && bytes[2] == (byte)'n' && bytes[3] == (byte)'f';
        return new LegacyBinaryReader(bytes, magic ? 4 : 0).ReadModel();
    }

    private ModelFormatException Truncated(string what) =>
        new($"Truncated legacy binary model: the file ends inside {what} (byte {_p} of {_b.Length}).");

    private ReadOnlySpan<byte> Take(int n, string what)
    {
        if (n < 0 || _p + (long)n > _b.Length)
        {
            throw Truncated(what);
        }

        var s = _b.AsSpan(_p, n);
        _p += n;
        return s;
    }

    private string ReadString(string what)
    {
        ulong len = BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));
        if (len > (ulong)(_b.Length - _p))
        {
            throw Truncated(what);
        }

        return Encoding.UTF8.GetString(Take((int)len, what));
    }

    private TreeEnsemble ReadModel()
    {
        var lp = Take(LearnerParamSize, "the learner parameters");
        float baseScore = BinaryPrimitives.ReadSingleLittleEndian(lp);
        uint numFeature = BinaryPrimitives.ReadUInt32LittleEndian(lp[4..]);
        int numClass = BinaryPrimitives.ReadInt32LittleEndian(lp[8..]);
        int containExtraAttrs = BinaryPrimitives.ReadInt32LittleEndian(lp[12..]);
        uint major = BinaryPrimitives.ReadUInt32LittleEndian(lp[20..]);
        uint minor = BinaryPrimitives.ReadUInt32LittleEndian(lp[24..]);
        uint numTarget = BinaryPrimitives.ReadUInt32LittleEndian(lp[28..]);
        if (numFeature > 100_000_000 || major > 100)
        {
            throw new ModelFormatException("The file is not an XGBoost model: its header does not look like XGBoost's legacy binary format.");
        }

        if (numClass > 1)
        {
            throw new ModelFormatException($"The model is multi-class (num_class={numClass}); only binary models are supported.");
        }

        if (numTarget > 1)
        {
            throw new ModelFormatException($"The model has {numTarget} targets; only single-target binary models are supported.");
        }

        string objectiveName = ReadString("the objective name");
        string boosterName = ReadString("the booster name");
        if (boosterName == "gblinear")
        {
            throw new ModelFormatException("The model is a linear booster (gblinear); only tree boosters (gbtree, dart) are supported.");
        }

        if (boosterName is not ("gbtree" or "dart"))
        {
            throw new ModelFormatException($"Unknown booster '{boosterName}' in a legacy binary model; only gbtree and dart are supported.");
        }

        if (!Objectives.TryParse(objectiveName, out var objective))
        {
            throw new ModelFormatException($"The model's objective is '{objectiveName}'; supported: binary:logistic, reg:logistic, binary:logitraw.");
        }

        var gp = Take(GbTreeParamSize, "the gbtree parameters");
        int numTrees = BinaryPrimitives.ReadInt32LittleEndian(gp);
        int numOutputGroup = BinaryPrimitives.ReadInt32LittleEndian(gp[24..]);
        int sizeLeafVector = BinaryPrimitives.ReadInt32LittleEndian(gp[28..]);
        if (sizeLeafVector > 0)
        {
            throw new ModelFormatException("The model has vector leaves (size_leaf_vector > 0); only scalar leaves are supported.");
        }

        if (numOutputGroup > 1)
        {
            throw new ModelFormatException($"The model has {numOutputGroup} output groups (multi-class); only binary models are supported.");
        }

        if (numTrees < 0 || numTrees > (_b.Length - _p) / TreeParamSize)
        {
            throw Truncated($"the trees ({numTrees} declared)");
        }

        var trees = new RegressionTree[numTrees];
        for (int i = 0; i < numTrees; i++)
        {
            trees[i] = ReadTree(i);
        }

        var treeInfo = Take(4 * numTrees, "tree_info");
        for (int i = 0; i < numTrees; i++)
        {
            if (BinaryPrimitives.ReadInt32LittleEndian(treeInfo[(4 * i)..]) != 0)
            {
                throw new ModelFormatException("The model has trees for more than one output group (multi-class); only binary models are supported.");
            }
        }

        if (boosterName == "dart")
        {
            ulong n = BinaryPrimitives.ReadUInt64LittleEndian(Take(8, "the DART weights"));
            if (n != (ulong)numTrees)
            {
                throw new ModelFormatException($"DART weight_drop has {n} weights for {numTrees} trees.");
            }

            var w = Take(4 * numTrees, "the DART weights");
            for (int i = 0; i < numTrees; i++)
            {
                trees[i] = trees[i].ScaleLeaves(BinaryPrimitives.ReadSingleLittleEndian(w[(4 * i)..]));
            }
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (containExtraAttrs != 0)
        {
            ulong count = BinaryPrimitives.ReadUInt64LittleEndian(Take(8, "the attributes"));
            if (count > (ulong)(_b.Length - _p))
            {
                throw Truncated("the attributes");
            }

            for (ulong i = 0; i < count; i++)
            {
                string k = ReadString("the attributes");
                attributes[k] = ReadString("the attributes");
            }
        }

        bool pre10 = major < 1;
        if (pre10)
        {
            // Before 1.0 base_score was stored as a margin; 1.7 applies PredTransform on load.
            baseScore = objective.Transform(baseScore);
        }

        float margin0 = objective.Margin0(baseScore);
        try
        {
            return new TreeEnsemble(trees, (int)numFeature, objective, baseScore, null, null, attributes,
                pre10 ? ModelFormat.LegacyBinaryPre10 : ModelFormat.LegacyBinary, boosterName, margin0,
                version: [(int)major, (int)minor, 0]);
        }
        catch (ArgumentException ex)
        {
            throw new ModelFormatException("The model is inconsistent: " + ex.Message, ex);
        }
    }

    private RegressionTree ReadTree(int index)
    {
        var tp = Take(TreeParamSize, $"tree {index}'s parameters");
        int numNodes = BinaryPrimitives.ReadInt32LittleEndian(tp[4..]);
        int sizeLeafVector = BinaryPrimitives.ReadInt32LittleEndian(tp[20..]);
        if (sizeLeafVector > 0)
        {
            throw new ModelFormatException($"Tree {index} has vector leaves (size_leaf_vector > 0); only scalar leaves are supported.");
        }

        if (numNodes <= 0 || (long)numNodes * (NodeSize + StatSize) > _b.Length - _p)
        {
            throw numNodes <= 0
                ? new ModelFormatException($"Tree {index} declares {numNodes} nodes: the file is corrupt.")
                : Truncated($"tree {index} ({numNodes} nodes declared)");
        }

        var left = new int[numNodes];
        var right = new int[numNodes];
        var split = new int[numNodes];
        var cond = new float[numNodes];
        var dl = new bool[numNodes];
        var nodes = Take(numNodes * NodeSize, $"tree {index}'s nodes");
        for (int n = 0; n < numNodes; n++)
        {
            var s = nodes.Slice(n * NodeSize, NodeSize);
            left[n] = BinaryPrimitives.ReadInt32LittleEndian(s[4..]);
            right[n] = BinaryPrimitives.ReadInt32LittleEndian(s[8..]);
            uint sindex = BinaryPrimitives.ReadUInt32LittleEndian(s[12..]);
            cond[n] = BinaryPrimitives.ReadSingleLittleEndian(s[16..]);
            if (sindex == 0xFFFFFFFFu)
            {
                left[n] = right[n] = -1; // deleted node, unreachable
                continue;
            }

            split[n] = left[n] == -1 ? 0 : (int)(sindex & 0x7FFFFFFFu);
            dl[n] = (sindex >> 31) != 0;
            if (left[n] == -1)
            {
                right[n] = -1;
            }
        }

        var hess = new float[numNodes];
        var loss = new float[numNodes];
        var baseWeights = new float[numNodes];
        var stats = Take(numNodes * StatSize, $"tree {index}'s node statistics");
        for (int n = 0; n < numNodes; n++)
        {
            var s = stats.Slice(n * StatSize, StatSize);
            loss[n] = BinaryPrimitives.ReadSingleLittleEndian(s);
            hess[n] = BinaryPrimitives.ReadSingleLittleEndian(s[4..]);
            baseWeights[n] = BinaryPrimitives.ReadSingleLittleEndian(s[8..]);
        }

        try
        {
            return new RegressionTree(left, right, split, cond, dl, hess, null, null, baseWeights, loss);
        }
        catch (ArgumentException ex)
        {
            throw new ModelFormatException($"Tree {index} is corrupt: {ex.Message}", ex);
        }
    }
}
