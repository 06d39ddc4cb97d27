using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MlopsPortal.Trees.Model;

namespace MlopsPortal.Trees.Explaining;

/// <summary>
/// TreeSHAP by path integrals: for a leaf with value v and merged path features j (zero fraction z_j, one fraction o_j),
/// φ_i += v·(o_i − z_i)·∫₀¹ Π_{j≠i}(z_j + (o_j − z_j)t) dt — the same quantity XGBoost's Extend/UnwoundPathSum computes.
/// The integrand is a polynomial of degree &lt; d, so ⌈d/2⌉ Gauss–Legendre points are exact. Per row only the decisions
/// (hence o_j) change; all factors are precomputed. Equal to XGBoost to its float32 rounding (~1e-6).
/// Per tree, the first that fits: <see cref="ShapGroups"/> (dense tables over subtrees: a few vector adds per row; split
/// decisions for 8 rows per compare), <see cref="ShapTable"/> (per-leaf pattern tables) or the quadrature itself.
/// Tables hold float entries computed in double; rows sum one tree in float and all trees in double.
/// </summary>
internal sealed class FastTreeShap
{
    private readonly TreeEnsemble _ensemble;
    private readonly ShapPaths[] _paths;
    private readonly float _bias;
    private readonly int _maxNodes;
    private readonly int _maxQ;
    private readonly ShapGroups?[] _groups;
    private readonly ShapTable?[] _tables;
    private readonly Options _options;

    /// <summary>Upper bound on table entries for the whole model (floats); trees beyond it use the quadrature path.</summary>
    public const long MaxTableEntries = 64L * 1024 * 1024;

    /// <summary>How contributions are computed; <see cref="Default"/> picks the fastest this CPU supports.</summary>
    /// <param name="Groups">Dense leaf-group tables (<see cref="ShapGroups"/>) where a tree fits.</param>
    /// <param name="SimdDecisions">Split decisions for 8 rows per compare (Vector256) instead of one row at a time.</param>
    /// <param name="Pext">BMI2 PEXT for table indices (else a software bit extract).</param>
    /// <param name="GroupBits">Most split nodes (path + subtree) a group may be indexed by.</param>
    internal readonly record struct Options(bool Groups, bool SimdDecisions, bool Pext, int GroupBits)
    {
        public static Options Default => new(true, Vector256.IsHardwareAccelerated, Bmi2.X64.IsSupported, 7);
    }

    public FastTreeShap(TreeEnsemble ensemble)
        : this(ensemble, Options.Default)
    {
    }

    public FastTreeShap(TreeEnsemble ensemble, Options options)
    {
        _ensemble = ensemble;
        _options = options with { Pext = options.Pext && Bmi2.X64.IsSupported };
        _paths = ensemble.Trees.Select(t => new ShapPaths(t)).ToArray();
        _groups = new ShapGroups?[_paths.Length];
        _tables = new ShapTable?[_paths.Length];
        long budget = MaxTableEntries;
        for (int i = 0; i < _paths.Length; i++)
        {
            if (_options.Groups && ShapGroups.TryBuild(_paths[i], ensemble.NumFeatures, _options.GroupBits, budget) is { } groups)
            {
                _groups[i] = groups;
                budget -= groups.Size;
                continue;
            }

            long size = ShapTable.TableSize(_paths[i]);
            if (size >= 0 && size <= budget)
            {
                _tables[i] = ShapTable.Build(_paths[i], ensemble.NumFeatures);
                budget -= size;
            }
            else
            {
                _paths[i].ComputeFactors();
            }
        }

        int nf = ensemble.NumFeatures;
        PhiStride = nf > ShapGroups.IdentityFeatures ? nf : nf <= 8 ? 8 : 16;
        _bias = NodeMeans.Bias(ensemble);
        _maxNodes = ensemble.Trees.Count == 0 ? 1 : ensemble.Trees.Max(t => t.NodeCount);
        _maxQ = _paths.Length == 0 ? 1 : _paths.Max(p => p.Q);
    }

    /// <summary>Trees explained through dense group tables (the rest use per-leaf tables or quadrature).</summary>
    internal int GroupedTrees => _groups.Count(g => g is not null);

    /// <summary>Doubles per row in the accumulator: the features, padded to whole vectors when at most 16.</summary>
    private int PhiStride { get; }

    /// <summary>Rows explained together: trees run outer, rows inner, so a tree's tables stay in L1/L2 for the block.</summary>
    public const int BlockRows = 256;

    public sealed class Scratch
    {
        public Scratch(int nodes, int features, int q, int phiStride)
        {
            Right = new bool[nodes];
            Bits = new ulong[(nodes + 63) / 64 + 1];
            Expanded = new float[BlockRows * 2 * features];
            SlotMajor = new float[BlockRows * 2 * features];
            Decisions = new ulong[BlockRows];
            Phi = new double[BlockRows * phiStride];
            Base = new double[q];
        }

        public bool[] Right { get; }
        public ulong[] Bits { get; }

        /// <summary>Row-major expanded rows (per row: F slots NaN→+∞, then F slots NaN→−∞).</summary>
        public float[] Expanded { get; }

        /// <summary>The same, slot-major: slot s of row r at s·BlockRows + r.</summary>
        public float[] SlotMajor { get; }
        public ulong[] Decisions { get; }
        public double[] Phi { get; }
        public double[] Base { get; }
    }

    public Scratch CreateScratch() => new(_maxNodes, _ensemble.NumFeatures, _maxQ, PhiStride);

    /// <summary>Contributions of up to <see cref="BlockRows"/> rows (row-major) into <paramref name="output"/> (rows × (F+1)).</summary>
    public void ExplainBlock(ReadOnlySpan<float> rows, int count, Span<float> output, Scratch s)
    {
        int nf = _ensemble.NumFeatures;
        int stride = 2 * nf;
        int ps = PhiStride;
        var phiAll = s.Phi.AsSpan(0, count * ps);
        phiAll.Clear();
        var expandedAll = s.Expanded;
        var slotMajor = s.SlotMajor;
        for (int r = 0; r < count; r++)
        {
            var row = rows.Slice(r * nf, nf);
            int o = r * stride;
            for (int f = 0; f < nf; f++)
            {
                float v = row[f];
                bool nan = float.IsNaN(v);
                float hi = nan ? float.PositiveInfinity : v;
                float lo = nan ? float.NegativeInfinity : v;
                expandedAll[o + f] = hi;
                expandedAll[o + nf + f] = lo;
                slotMajor[f * BlockRows + r] = hi;
                slotMajor[(nf + f) * BlockRows + r] = lo;
            }
        }

        var dec = s.Decisions.AsSpan(0, count);
        for (int t = 0; t < _paths.Length; t++)
        {
            var paths = _paths[t];
            if (_groups[t] is { } groups)
            {
                if (groups.Numerical && _options.SimdDecisions)
                {
                    groups.DecideBlock(slotMajor, BlockRows, count, dec);
                }
                else
                {
                    for (int r = 0; r < count; r++)
                    {
                        if (groups.Numerical)
                        {
                            dec[r] = groups.Decide(expandedAll.AsSpan(r * stride, stride));
                        }
                        else
                        {
                            DecideBits(paths, rows.Slice(r * nf, nf), s.Bits);
                            dec[r] = s.Bits[0];
                        }
                    }
                }

                if (_options.Pext)
                {
                    groups.Accumulate<HardwareBitExtract>(dec, count, phiAll, ps);
                }
                else
                {
                    groups.Accumulate<SoftwareBitExtract>(dec, count, phiAll, ps);
                }

                continue;
            }

            var table = _tables[t];
            for (int r = 0; r < count; r++)
            {
                var phi = phiAll.Slice(r * ps, nf);
                if (table is not null)
                {
                    if (table.Numerical)
                    {
                        table.DecideExpanded(expandedAll.AsSpan(r * stride, stride), s.Bits);
                    }
                    else
                    {
                        DecideBits(paths, rows.Slice(r * nf, nf), s.Bits);
                    }

                    table.Accumulate(s.Bits, phi);
                }
                else
                {
                    Decide(paths, rows.Slice(r * nf, nf), s.Right);
                    Accumulate(paths, s.Right, phi, s.Base);
                }
            }
        }

        for (int r = 0; r < count; r++)
        {
            var dst = output.Slice(r * (nf + 1), nf + 1);
            var phi = phiAll.Slice(r * ps, nf);
            for (int f = 0; f < nf; f++)
            {
                dst[f] = (float)phi[f];
            }

            dst[nf] = _bias;
        }
    }

    private static void Decide(ShapPaths paths, ReadOnlySpan<float> row, bool[] right)
    {
        var tree = paths.Tree;
        var split = tree.SplitIndices;
        var cond = tree.SplitConditions;
        var dl = tree.DefaultLeft;
        var types = tree.SplitTypes;
        foreach (int n in paths.Internal)
        {
            float x = row[split[n]];
            right[n] = float.IsNaN(x) ? !dl[n]
                : types[n] == 1 ? Prediction.NodeDecision.CategoryGoesRight(tree.Categories[n]!, x)
                : !(x < cond[n]);
        }
    }

    /// <summary>Bit k of <paramref name="bits"/> = internal node k (in <see cref="ShapPaths.Internal"/> order) goes right.</summary>
    private static void DecideBits(ShapPaths paths, ReadOnlySpan<float> row, ulong[] bits)
    {
        var tree = paths.Tree;
        var split = tree.SplitIndices;
        var cond = tree.SplitConditions;
        var dl = tree.DefaultLeft;
        var types = tree.SplitTypes;
        var nodes = paths.Internal;
        ulong word = 0;
        int k = 0;
        for (; k < nodes.Length; k++)
        {
            int n = nodes[k];
            float x = row[split[n]];
            bool right = float.IsNaN(x) ? !dl[n]
                : types[n] == 1 ? Prediction.NodeDecision.CategoryGoesRight(tree.Categories[n]!, x)
                : !(x < cond[n]);
            word |= (right ? 1UL : 0UL) << (k & 63);
            if ((k & 63) == 63)
            {
                bits[k >> 6] = word;
                word = 0;
            }
        }

        bits[k >> 6] = word;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate(ShapPaths paths, bool[] right, Span<double> phi, double[] baseQ)
    {
        int qn = paths.Q;
        var weights = paths.Weights;
        Span<bool> ones = stackalloc bool[64];
        foreach (var leaf in paths.Leaves)
        {
            int d = leaf.Features.Length;
            if (d == 0)
            {
                continue;
            }

            if (d > ones.Length)
            {
                ones = new bool[d];
            }

            bool dead = false;
            var start = leaf.ConditionStart;
            var cn = leaf.ConditionNode;
            var cr = leaf.ConditionRight;
            for (int j = 0; j < d; j++)
            {
                bool o = true;
                for (int k = start[j]; k < start[j + 1]; k++)
                {
                    o &= right[cn[k]] == cr[k];
                }

                ones[j] = o;
                dead |= !o && leaf.Zero[j] == 0;
            }

            if (dead)
            {
                continue; // a factor z(1−t) ≡ 0: every contribution of this leaf is 0
            }

            var f0 = leaf.Factor0;
            var f1 = leaf.Factor1;
            for (int q = 0; q < qn; q++)
            {
                baseQ[q] = weights[q] * leaf.Value;
            }

            for (int j = 0; j < d; j++)
            {
                var f = ones[j] ? f1 : f0;
                int o = j * qn;
                for (int q = 0; q < qn; q++)
                {
                    baseQ[q] *= f[o + q];
                }
            }

            var i0 = leaf.Inverse0;
            var i1 = leaf.Inverse1;
            for (int j = 0; j < d; j++)
            {
                bool one = ones[j];
                var inv = one ? i1 : i0;
                int o = j * qn;
                double sum = 0;
                for (int q = 0; q < qn; q++)
                {
                    sum += baseQ[q] * inv[o + q];
                }

                phi[leaf.Features[j]] += ((one ? 1.0 : 0.0) - leaf.Zero[j]) * sum;
            }
        }
    }
}
