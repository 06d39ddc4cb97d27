using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace MlopsPortal.Trees.Explaining;

/// <summary>
/// Per-tree lookup tables for TreeSHAP. A leaf's contributions depend on the row only through its merged path features'
/// one-fractions o_j ∈ {0,1}, so for a leaf with d unique features there are 2^d patterns; each pattern's d contributions
/// are precomputed (by the exact Gauss–Legendre path integral of <see cref="ShapPaths"/>). Per row: evaluate every split
/// once into a bit set, form each leaf's pattern from a few bit tests, and add d table values.
/// </summary>
internal sealed class ShapTable
{
    public const int MaxUniqueFeatures = 8;

    /// <summary>Longest path (split nodes) a leaf's PEXT remap (2^length bytes) is built for; longer paths test bits.</summary>
    public const int MaxRemapBits = 16;

    private ShapTable(ShapPaths paths, int numFeatures)
    {
        Paths = paths;
        var tree = paths.Tree;
        var internalIndex = new int[tree.NodeCount];
        for (int k = 0; k < paths.Internal.Length; k++)
        {
            internalIndex[paths.Internal[k]] = k;
        }

        Words = (paths.Internal.Length + 63) / 64;
        Numerical = !tree.HasCategoricalSplits && paths.Internal.All(n => float.IsFinite(tree.SplitConditions[n]));
        NodeSlot = paths.Internal.Select(n => tree.DefaultLeft[n] ? tree.SplitIndices[n] + numFeatures : tree.SplitIndices[n]).ToArray();
        NodeThreshold = paths.Internal.Select(n => tree.SplitConditions[n]).ToArray();
        int leaves = paths.Leaves.Length;
        LeafDepth = new int[leaves];
        LeafFeatureStart = new int[leaves + 1];
        LeafTableOffset = new int[leaves];
        var features = new List<int>();
        var condStart = new List<int>();
        var condBit = new List<int>();
        var condExpect = new List<int>();
        var table = new List<float>();
        var (t, w) = GaussLegendre.On01(Math.Max(1, (MaxUniqueFeatures + 1) / 2));
        for (int l = 0; l < leaves; l++)
        {
            var leaf = paths.Leaves[l];
            int d = leaf.Features.Length;
            LeafDepth[l] = d;
            LeafFeatureStart[l] = features.Count;
            LeafTableOffset[l] = table.Count;
            for (int j = 0; j < d; j++)
            {
                features.Add(leaf.Features[j]);
                condStart.Add(condBit.Count);
                for (int k = leaf.ConditionStart[j]; k < leaf.ConditionStart[j + 1]; k++)
                {
                    condBit.Add(internalIndex[leaf.ConditionNode[k]]);
                    condExpect.Add(leaf.ConditionRight[k] ? 1 : 0);
                }
            }

            for (int p = 0; p < (1 << d); p++)
            {
                for (int j = 0; j < d; j++)
                {
                    table.Add((float)Contribution(leaf, p, j, t, w));
                }
            }
        }

        LeafFeatureStart[leaves] = features.Count;
        condStart.Add(condBit.Count);
        if (Words == 1)
        {
            // one 64-bit decision word: per leaf an expected-direction word, per feature a mask of its path nodes;
            // with PEXT, a per-leaf remap turns the raw agreement bits of its path nodes into the pattern (BuildRemap)
            LeafExpect = new ulong[leaves];
            LeafMask = new ulong[leaves];
            FeatureMask = new ulong[features.Count];
            for (int l = 0; l < leaves; l++)
            {
                for (int j = LeafFeatureStart[l]; j < LeafFeatureStart[l + 1]; j++)
                {
                    for (int k = condStart[j]; k < condStart[j + 1]; k++)
                    {
                        ulong bit = 1UL << condBit[k];
                        FeatureMask[j] |= bit;
                        LeafMask[l] |= bit;
                        if (condExpect[k] == 1)
                        {
                            LeafExpect[l] |= bit;
                        }
                    }
                }
            }

            if (Bmi2.X64.IsSupported && paths.Leaves.All(l => l.ConditionNode.Length <= MaxRemapBits))
            {
                BuildRemap(condStart, condBit);
            }
        }
        Features = features.ToArray();
        ConditionStart = condStart.ToArray();
        ConditionBit = condBit.ToArray();
        ConditionExpect = condExpect.ToArray();
        Table = table.ToArray();
    }

    public ShapPaths Paths { get; }
    public int Words { get; }
    public int[] LeafDepth { get; }
    public int[] LeafFeatureStart { get; }
    public int[] LeafTableOffset { get; }
    public int[] Features { get; }

    /// <summary>Per unique path feature (indexed like <see cref="Features"/>): its conditions [start, next start).</summary>
    public int[] ConditionStart { get; }
    public int[] ConditionBit { get; }
    public int[] ConditionExpect { get; }
    public float[] Table { get; }

    /// <summary>
    /// With PEXT, every leaf's pattern is <c>Remap[RemapOffset[l] + pext(agree, mask)]</c>: the raw agreement bits of its
    /// path nodes (ascending node order) mapped to per-feature one-fractions (AND over a feature's nodes). Branch-free.
    /// </summary>
    public int[]? RemapOffset { get; private set; }
    public byte[]? Remap { get; private set; }

    public ulong[]? LeafExpect { get; }
    public ulong[]? LeafMask { get; }
    public ulong[]? FeatureMask { get; }

    private void BuildRemap(List<int> condStart, List<int> condBit)
    {
        int leaves = LeafDepth.Length;
        var offsets = new int[leaves];
        var remap = new List<byte>();
        for (int l = 0; l < leaves; l++)
        {
            int d = LeafDepth[l];
            int fs = LeafFeatureStart[l];
            var bits = new List<int>();
            for (int j = 0; j < d; j++)
            {
                for (int k = condStart[fs + j]; k < condStart[fs + j + 1]; k++)
                {
                    bits.Add(condBit[k]);
                }
            }

            bits.Sort();
            offsets[l] = remap.Count;
            for (int r = 0; r < (1 << bits.Count); r++)
            {
                int pattern = 0;
                for (int j = 0; j < d; j++)
                {
                    int ok = 1;
                    for (int k = condStart[fs + j]; k < condStart[fs + j + 1]; k++)
                    {
                        ok &= (r >> bits.IndexOf(condBit[k])) & 1;
                    }

                    pattern |= ok << j;
                }

                remap.Add((byte)pattern);
            }
        }

        RemapOffset = offsets;
        Remap = remap.ToArray();
    }

    /// <summary>Table entries the tree would need, or −1 when a leaf has too many unique features.</summary>
    public static long TableSize(ShapPaths paths)
    {
        long size = 0;
        foreach (var leaf in paths.Leaves)
        {
            int d = leaf.Features.Length;
            if (d > MaxUniqueFeatures)
            {
                return -1;
            }

            size += (1L << d) * d;
        }

        return size;
    }

    public static ShapTable Build(ShapPaths paths, int numFeatures) => new(paths, numFeatures);

    /// <summary>True when every split is numerical with a finite threshold, so <see cref="DecideExpanded"/> applies.</summary>
    public bool Numerical { get; }

    /// <summary>Per internal node: slot in the expanded row (f: NaN→+∞ for default-right; F+f: NaN→−∞ for default-left).</summary>
    public int[] NodeSlot { get; }
    public float[] NodeThreshold { get; }

    /// <summary>Split decisions from a row expanded as in the predictor (no NaN tests needed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void DecideExpanded(ReadOnlySpan<float> expanded, Span<ulong> bits)
    {
        ref int slot = ref MemoryMarshal.GetArrayDataReference(NodeSlot);
        ref float thr = ref MemoryMarshal.GetArrayDataReference(NodeThreshold);
        ref float x = ref MemoryMarshal.GetReference(expanded);
        int n = NodeSlot.Length;
        int k = 0;
        for (int wIndex = 0; k < n; wIndex++)
        {
            ulong word = 0;
            int end = Math.Min(n, k + 64);
            for (int b = 0; k < end; k++, b++)
            {
                bool lt = Unsafe.Add(ref x, Unsafe.Add(ref slot, k)) < Unsafe.Add(ref thr, k);
                word |= (ulong)(lt ? 0 : 1) << b;
            }

            bits[wIndex] = word;
        }
    }

    /// <summary>v·(o_i − z_i)·∫₀¹ Π_{j≠i}(z_j + (o_j − z_j)t) dt for pattern p (bit j = o_j).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Contribution(ShapPaths.Leaf leaf, int pattern, int i, double[] t, double[] w)
    {
        int d = leaf.Features.Length;
        double oi = (pattern >> i) & 1;
        double zi = leaf.Zero[i];
        if (oi == zi)
        {
            return 0;
        }

        double integral = 0;
        for (int q = 0; q < t.Length; q++)
        {
            double prod = 1;
            for (int j = 0; j < d; j++)
            {
                if (j != i)
                {
                    double oj = (pattern >> j) & 1;
                    prod *= leaf.Zero[j] + (oj - leaf.Zero[j]) * t[q];
                }
            }

            integral += w[q] * prod;
        }

        return leaf.Value * (oi - zi) * integral;
    }

    /// <summary>Adds this tree's contributions for a row whose split decisions are in <paramref name="right"/> (bit k = internal node k goes right).</summary>
    public void Accumulate(ReadOnlySpan<ulong> right, Span<double> phi)
    {
        if (LeafExpect is not null)
        {
            AccumulateOneWord(right[0], phi);
        }
        else
        {
            AccumulateGeneral(right, phi);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AccumulateOneWord(ulong dec, Span<double> phi)
    {
        if (Remap is not null)
        {
            AccumulateRemap(dec, phi);
            return;
        }

        ref int depth = ref MemoryMarshal.GetArrayDataReference(LeafDepth);
        ref int fstart = ref MemoryMarshal.GetArrayDataReference(LeafFeatureStart);
        ref int toff = ref MemoryMarshal.GetArrayDataReference(LeafTableOffset);
        ref int feats = ref MemoryMarshal.GetArrayDataReference(Features);
        ref ulong expect = ref MemoryMarshal.GetArrayDataReference(LeafExpect!);
        ref ulong fmask = ref MemoryMarshal.GetArrayDataReference(FeatureMask!);
        ref float table = ref MemoryMarshal.GetArrayDataReference(Table);
        ref double ph = ref MemoryMarshal.GetReference(phi);
        int leaves = LeafDepth.Length;
        for (int l = 0; l < leaves; l++)
        {
            int d = Unsafe.Add(ref depth, l);
            int fs = Unsafe.Add(ref fstart, l);
            ulong disagree = dec ^ Unsafe.Add(ref expect, l);
            int pattern;
            pattern = 0;
            for (int j = 0; j < d; j++)
            {
                pattern |= ((disagree & Unsafe.Add(ref fmask, fs + j)) == 0 ? 1 : 0) << j;
            }

            ref float row = ref Unsafe.Add(ref table, Unsafe.Add(ref toff, l) + pattern * d);
            for (int j = 0; j < d; j++)
            {
                Unsafe.Add(ref ph, Unsafe.Add(ref feats, fs + j)) += Unsafe.Add(ref row, j);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AccumulateRemap(ulong dec, Span<double> phi)
    {
        ref int depth = ref MemoryMarshal.GetArrayDataReference(LeafDepth);
        ref int fstart = ref MemoryMarshal.GetArrayDataReference(LeafFeatureStart);
        ref int toff = ref MemoryMarshal.GetArrayDataReference(LeafTableOffset);
        ref int feats = ref MemoryMarshal.GetArrayDataReference(Features);
        ref ulong expect = ref MemoryMarshal.GetArrayDataReference(LeafExpect!);
        ref ulong mask = ref MemoryMarshal.GetArrayDataReference(LeafMask!);
        ref int roff = ref MemoryMarshal.GetArrayDataReference(RemapOffset!);
        ref byte remap = ref MemoryMarshal.GetArrayDataReference(Remap!);
        ref float table = ref MemoryMarshal.GetArrayDataReference(Table);
        ref double ph = ref MemoryMarshal.GetReference(phi);
        int leaves = LeafDepth.Length;
        for (int l = 0; l < leaves; l++)
        {
            int d = Unsafe.Add(ref depth, l);
            int fs = Unsafe.Add(ref fstart, l);
            int raw = (int)Bmi2.X64.ParallelBitExtract(~(dec ^ Unsafe.Add(ref expect, l)), Unsafe.Add(ref mask, l));
            int pattern = Unsafe.Add(ref remap, Unsafe.Add(ref roff, l) + raw);
            ref float row = ref Unsafe.Add(ref table, Unsafe.Add(ref toff, l) + pattern * d);
            for (int j = 0; j < d; j++)
            {
                Unsafe.Add(ref ph, Unsafe.Add(ref feats, fs + j)) += Unsafe.Add(ref row, j);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AccumulateGeneral(ReadOnlySpan<ulong> right, Span<double> phi)
    {
        ref int depth = ref MemoryMarshal.GetArrayDataReference(LeafDepth);
        ref int fstart = ref MemoryMarshal.GetArrayDataReference(LeafFeatureStart);
        ref int toff = ref MemoryMarshal.GetArrayDataReference(LeafTableOffset);
        ref int feats = ref MemoryMarshal.GetArrayDataReference(Features);
        ref int cstart = ref MemoryMarshal.GetArrayDataReference(ConditionStart);
        ref int cbit = ref MemoryMarshal.GetArrayDataReference(ConditionBit);
        ref int cexp = ref MemoryMarshal.GetArrayDataReference(ConditionExpect);
        ref float table = ref MemoryMarshal.GetArrayDataReference(Table);
        ref ulong dec = ref MemoryMarshal.GetReference(right);
        ref double ph = ref MemoryMarshal.GetReference(phi);
        int leaves = LeafDepth.Length;
        for (int l = 0; l < leaves; l++)
        {
            int d = Unsafe.Add(ref depth, l);
            int fs = Unsafe.Add(ref fstart, l);
            int pattern = 0;
            for (int j = 0; j < d; j++)
            {
                int ok = 1;
                int kEnd = Unsafe.Add(ref cstart, fs + j + 1);
                for (int k = Unsafe.Add(ref cstart, fs + j); k < kEnd; k++)
                {
                    int b = Unsafe.Add(ref cbit, k);
                    int bit = (int)(Unsafe.Add(ref dec, b >> 6) >> (b & 63)) & 1;
                    ok &= ~(bit ^ Unsafe.Add(ref cexp, k)) & 1;
                }

                pattern |= ok << j;
            }

            ref float row = ref Unsafe.Add(ref table, Unsafe.Add(ref toff, l) + pattern * d);
            for (int j = 0; j < d; j++)
            {
                Unsafe.Add(ref ph, Unsafe.Add(ref feats, fs + j)) += Unsafe.Add(ref row, j);
            }
        }
    }
}
