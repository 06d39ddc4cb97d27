using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlopsPortal.Trees.Explaining;

/// <summary>
/// Dense per-tree TreeSHAP tables over leaf groups. A group is a subtree whose root path plus internal nodes number at
/// most <see cref="FastTreeShap.Options.GroupBits"/> split nodes; its leaves' contributions depend on the row only
/// through those nodes' decisions, so for each of the 2^bits decision patterns the summed contributions of all its
/// leaves are precomputed (exact Gauss–Legendre path integrals, see <see cref="ShapTable"/>) as one dense vector over the
/// tree's features, whole 8-float <see cref="Vector256{T}"/>s (one or two for up to 16 features); equal vectors are stored once. Per row and
/// group: one PEXT of the tree's 64-bit decision word, one remap load and one or two vector adds — the same work for
/// every group, no branches and no scattered adds.
/// </summary>
internal sealed class ShapGroups
{
    /// <summary>Most decision bits a single leaf may index by (remap of 2^bits ints); longer paths use another path.</summary>
    public const int MaxLeafBits = 12;

    /// <summary>Models with at most this many features add table entries straight into the row's accumulators.</summary>
    public const int IdentityFeatures = 16;

    /// <summary>Most distinct features a tree may use (eight 8-float vectors per entry).</summary>
    public const int MaxLocalFeatures = 64;

    private ShapGroups(
        ShapPaths paths, int[] features, bool identity, int width, ulong[] mask, int[] remapOffset, int[] remap, float[] table,
        int numFeatures)
    {
        var tree = paths.Tree;
        Paths = paths;
        Features = features;
        Identity = identity;
        Width = width;
        Mask = mask;
        RemapOffset = remapOffset;
        Remap = remap;
        Table = table;
        Nodes = paths.Internal.Length;
        Numerical = !tree.HasCategoricalSplits && paths.Internal.All(n => float.IsFinite(tree.SplitConditions[n]));
        NodeSlot = paths.Internal.Select(n => tree.DefaultLeft[n] ? tree.SplitIndices[n] + numFeatures : tree.SplitIndices[n]).ToArray();
        NodeThreshold = paths.Internal.Select(n => tree.SplitConditions[n]).ToArray();
    }

    public ShapPaths Paths { get; }

    /// <summary>Per vector slot: the feature it adds to (slot i is feature i when <see cref="Identity"/>).</summary>
    public int[] Features { get; }
    public bool Identity { get; }

    /// <summary>Floats per table entry: the tree's features rounded up to whole 8-float vectors.</summary>
    public int Width { get; }

    /// <summary>Per group: the decision bits (internal nodes in <see cref="ShapPaths.Internal"/> order) it is indexed by.</summary>
    public ulong[] Mask { get; }
    public int[] RemapOffset { get; }

    /// <summary>Per group and pattern (PEXT of the decision word): the float offset of its entry in <see cref="Table"/>.</summary>
    public int[] Remap { get; }

    /// <summary>Entries of <see cref="Width"/> floats, each starting on a 64-byte boundary (pinned array).</summary>
    public float[] Table { get; }

    public int Nodes { get; }

    /// <summary>True when every split is numerical with a finite threshold (decisions from the expanded row).</summary>
    public bool Numerical { get; }

    /// <summary>Per internal node: slot in the expanded row (f: NaN→+∞ for default-right; F+f: NaN→−∞ for default-left).</summary>
    public int[] NodeSlot { get; }
    public float[] NodeThreshold { get; }

    /// <summary>Floats of the tables and remaps (for the model's budget).</summary>
    public long Size => Table.LongLength + Remap.LongLength;

    /// <summary>The tree's groups, or null when it does not fit (over 64 split nodes, too many features or long paths).</summary>
    public static ShapGroups? TryBuild(ShapPaths paths, int numFeatures, int groupBits, long budget)
    {
        var tree = paths.Tree;
        var nodes = paths.Internal;
        if (nodes.Length > 64 || paths.Leaves.Any(l => l.ConditionNode.Length > MaxLeafBits))
        {
            return null;
        }

        bool identity = numFeatures <= IdentityFeatures;
        int[] features = identity
            ? Enumerable.Range(0, numFeatures).ToArray()
            : nodes.Select(n => tree.SplitIndices[n]).Distinct().Order().ToArray();
        if (features.Length > MaxLocalFeatures)
        {
            return null;
        }

        int width = Math.Max(8, (features.Length + 7) / 8 * 8);
        var local = new Dictionary<int, int>();
        for (int i = 0; i < features.Length; i++)
        {
            local[features[i]] = i;
        }

        var bitOf = new int[tree.NodeCount];
        for (int k = 0; k < nodes.Length; k++)
        {
            bitOf[nodes[k]] = k;
        }

        var leafAt = paths.Leaves.ToDictionary(l => l.Node);
        var subtreeInternal = new int[tree.NodeCount];
        CountInternal(tree, 0, subtreeInternal);

        var builder = new Builder(width, local, bitOf, leafAt);
        var path = new List<int>();
        if (!Visit(tree, 0, path, groupBits, subtreeInternal, builder, budget))
        {
            return null;
        }

        // copy the entries into a pinned array so each starts on a cache line
        int entries = builder.Entries.Count;
        var table = GC.AllocateArray<float>(entries * width + 16, pinned: true);
        int baseOffset = AlignedOffset(table);
        for (int e = 0; e < entries; e++)
        {
            builder.Entries[e].CopyTo(table, baseOffset + e * width);
        }

        var remap = builder.Remap.Select(e => baseOffset + e * width).ToArray();
        return new ShapGroups(paths, features, identity, width, builder.Mask.ToArray(), builder.RemapOffset.ToArray(), remap, table, numFeatures);
    }

    /// <summary>Split decisions of one expanded row (bit k = internal node k goes right).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ulong Decide(ReadOnlySpan<float> expanded)
    {
        ref int slot = ref MemoryMarshal.GetArrayDataReference(NodeSlot);
        ref float thr = ref MemoryMarshal.GetArrayDataReference(NodeThreshold);
        ref float x = ref MemoryMarshal.GetReference(expanded);
        ulong word = 0;
        for (int k = 0; k < Nodes; k++)
        {
            bool lt = Unsafe.Add(ref x, Unsafe.Add(ref slot, k)) < Unsafe.Add(ref thr, k);
            word |= (ulong)(lt ? 0 : 1) << k;
        }

        return word;
    }

    /// <summary>
    /// Split decisions of rows [0, <paramref name="count"/>) from a slot-major block (<paramref name="rowsPerSlot"/> floats
    /// per expanded slot, padded to a multiple of 8 rows): per node, one 8-row compare gives a byte (bit r = row r); a
    /// shift and a byte movemask over the 64 node bytes then gather each row's word.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void DecideBlock(ReadOnlySpan<float> slotMajor, int rowsPerSlot, int count, Span<ulong> dec)
    {
        Span<byte> bytes = stackalloc byte[64];
        bytes.Clear();
        ref int slot = ref MemoryMarshal.GetArrayDataReference(NodeSlot);
        ref float thr = ref MemoryMarshal.GetArrayDataReference(NodeThreshold);
        ref float x = ref MemoryMarshal.GetReference(slotMajor);
        ref byte b = ref MemoryMarshal.GetReference(bytes);
        int n = Nodes;
        for (int c = 0; c < count; c += 8)
        {
            for (int k = 0; k < n; k++)
            {
                var v = Vector256.LoadUnsafe(ref x, (nuint)(Unsafe.Add(ref slot, k) * rowsPerSlot + c));
                var lt = Vector256.LessThan(v, Vector256.Create(Unsafe.Add(ref thr, k)));
                Unsafe.Add(ref b, k) = (byte)~lt.ExtractMostSignificantBits();
            }

            var v0 = Vector256.LoadUnsafe(ref b).AsUInt16();
            var v1 = Vector256.LoadUnsafe(ref b, 32).AsUInt16();
            int m = Math.Min(8, count - c);
            for (int r = 0; r < m; r++)
            {
                int shift = 7 - r; // bit r of every byte to its top bit
                ulong lo = Vector256.ShiftLeft(v0, shift).AsByte().ExtractMostSignificantBits();
                ulong hi = Vector256.ShiftLeft(v1, shift).AsByte().ExtractMostSignificantBits();
                dec[c + r] = lo | (hi << 32);
            }
        }
    }

    /// <summary>
    /// Adds this tree's contributions for rows [0, count) with decision words <paramref name="dec"/> to
    /// <paramref name="phi"/> (row r at r·<paramref name="stride"/>; with <see cref="Identity"/> the stride is <see cref="Width"/>).
    /// Sums one tree in float (a handful of table entries per row), then adds it to the double accumulators.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Accumulate<TExtract>(ReadOnlySpan<ulong> dec, int count, Span<double> phi, int stride)
        where TExtract : struct, IBitExtract
    {
        ref ulong mask = ref MemoryMarshal.GetArrayDataReference(Mask);
        ref int roff = ref MemoryMarshal.GetArrayDataReference(RemapOffset);
        ref int remap = ref MemoryMarshal.GetArrayDataReference(Remap);
        ref float table = ref MemoryMarshal.GetArrayDataReference(Table);
        ref double ph = ref MemoryMarshal.GetReference(phi);
        if (Width > 16)
        {
            AccumulateWide<TExtract>(dec, count, phi, stride);
            return;
        }

        Span<float> spill = stackalloc float[16];
        int groups = Mask.Length;
        bool wide = Width == 16;
        for (int r = 0; r < count; r += 2)
        {
            // two rows at a time: the group's mask and remap offset are loaded once, two independent add chains
            int r1 = Math.Min(r + 1, count - 1);
            ulong d0 = dec[r];
            ulong d1 = dec[r1];
            var a0 = Vector256<float>.Zero;
            var a1 = Vector256<float>.Zero;
            var b0 = Vector256<float>.Zero;
            var b1 = Vector256<float>.Zero;
            if (wide)
            {
                for (int g = 0; g < groups; g++)
                {
                    ulong m = Unsafe.Add(ref mask, g);
                    ref int rm = ref Unsafe.Add(ref remap, Unsafe.Add(ref roff, g));
                    ref float e0 = ref Unsafe.Add(ref table, Unsafe.Add(ref rm, (int)TExtract.Extract(d0, m)));
                    ref float e1 = ref Unsafe.Add(ref table, Unsafe.Add(ref rm, (int)TExtract.Extract(d1, m)));
                    a0 += Vector256.LoadUnsafe(ref e0);
                    a1 += Vector256.LoadUnsafe(ref e0, 8);
                    b0 += Vector256.LoadUnsafe(ref e1);
                    b1 += Vector256.LoadUnsafe(ref e1, 8);
                }
            }
            else
            {
                for (int g = 0; g < groups; g++)
                {
                    ulong m = Unsafe.Add(ref mask, g);
                    ref int rm = ref Unsafe.Add(ref remap, Unsafe.Add(ref roff, g));
                    a0 += Vector256.LoadUnsafe(ref Unsafe.Add(ref table, Unsafe.Add(ref rm, (int)TExtract.Extract(d0, m))));
                    b0 += Vector256.LoadUnsafe(ref Unsafe.Add(ref table, Unsafe.Add(ref rm, (int)TExtract.Extract(d1, m))));
                }
            }

            Flush(ref Unsafe.Add(ref ph, r * stride), a0, a1, spill);
            if (r1 != r)
            {
                Flush(ref Unsafe.Add(ref ph, r1 * stride), b0, b1, spill);
            }
        }
    }

    /// <summary>Adds one row's float sums for this tree to its double accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Flush(ref double p, Vector256<float> a0, Vector256<float> a1, Span<float> spill)
    {
        if (Identity)
        {
            Add(ref p, 0, Vector256.WidenLower(a0));
            Add(ref p, 4, Vector256.WidenUpper(a0));
            if (Width == 16)
            {
                Add(ref p, 8, Vector256.WidenLower(a1));
                Add(ref p, 12, Vector256.WidenUpper(a1));
            }
        }
        else
        {
            a0.CopyTo(spill);
            a1.CopyTo(spill[8..]);
            for (int i = 0; i < Features.Length; i++)
            {
                Unsafe.Add(ref p, Features[i]) += spill[i];
            }
        }

        static void Add(ref double p, int offset, Vector256<double> v) =>
            (Vector256.LoadUnsafe(ref p, (nuint)offset) + v).StoreUnsafe(ref p, (nuint)offset);
    }

    /// <summary>As <see cref="Accumulate{TExtract}"/> for trees over more than 16 features (entries of 3–8 vectors).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AccumulateWide<TExtract>(ReadOnlySpan<ulong> dec, int count, Span<double> phi, int stride)
        where TExtract : struct, IBitExtract
    {
        ref ulong mask = ref MemoryMarshal.GetArrayDataReference(Mask);
        ref int roff = ref MemoryMarshal.GetArrayDataReference(RemapOffset);
        ref int remap = ref MemoryMarshal.GetArrayDataReference(Remap);
        ref float table = ref MemoryMarshal.GetArrayDataReference(Table);
        ref double ph = ref MemoryMarshal.GetReference(phi);
        Span<float> acc = stackalloc float[MaxLocalFeatures];
        ref float a = ref MemoryMarshal.GetReference(acc);
        int groups = Mask.Length;
        int width = Width;
        for (int r = 0; r < count; r++)
        {
            ulong d = dec[r];
            acc.Clear();
            for (int g = 0; g < groups; g++)
            {
                int raw = (int)TExtract.Extract(d, Unsafe.Add(ref mask, g));
                ref float e = ref Unsafe.Add(ref table, Unsafe.Add(ref remap, Unsafe.Add(ref roff, g) + raw));
                for (int v = 0; v < width; v += 8)
                {
                    (Vector256.LoadUnsafe(ref a, (nuint)v) + Vector256.LoadUnsafe(ref e, (nuint)v)).StoreUnsafe(ref a, (nuint)v);
                }
            }

            ref double p = ref Unsafe.Add(ref ph, r * stride);
            for (int i = 0; i < Features.Length; i++)
            {
                Unsafe.Add(ref p, Features[i]) += acc[i];
            }
        }
    }

    private static unsafe int AlignedOffset(float[] pinned)
    {
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
        return (int)((64 - (address & 63)) & 63) / sizeof(float);
    }

    private static int CountInternal(Model.RegressionTree tree, int node, int[] counts)
    {
        if (tree.IsLeaf(node))
        {
            return 0;
        }

        counts[node] = 1 + CountInternal(tree, tree.LeftChildren[node], counts) + CountInternal(tree, tree.RightChildren[node], counts);
        return counts[node];
    }

    private static bool Visit(Model.RegressionTree tree, int node, List<int> path, int groupBits, int[] subtreeInternal, Builder b, long budget)
    {
        if (tree.IsLeaf(node) || path.Count + subtreeInternal[node] <= groupBits)
        {
            b.Add(tree, node, path);
            return b.Size <= budget;
        }

        path.Add(node);
        bool ok = Visit(tree, tree.LeftChildren[node], path, groupBits, subtreeInternal, b, budget)
            && Visit(tree, tree.RightChildren[node], path, groupBits, subtreeInternal, b, budget);
        path.RemoveAt(path.Count - 1);
        return ok;
    }

    private sealed class Builder(int width, Dictionary<int, int> local, int[] bitOf, Dictionary<int, ShapPaths.Leaf> leafAt)
    {
        private readonly Dictionary<float[], int> _index = new(EntryComparer.Instance);
        private readonly Dictionary<ShapPaths.Leaf, double[]> _contributions = [];
        private readonly Dictionary<int, (double[], double[])> _quadrature = [];

        public List<float[]> Entries { get; } = [];
        public List<ulong> Mask { get; } = [];
        public List<int> RemapOffset { get; } = [];
        public List<int> Remap { get; } = [];
        public long Size => (long)Entries.Count * width + Remap.Count;

        /// <summary>One group: the subtree at <paramref name="root"/>, indexed by its path and internal nodes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once per model: skip the slow first JIT tier
        public void Add(Model.RegressionTree tree, int root, List<int> path)
        {
            var groupNodes = new List<int>(path);
            var leaves = new List<ShapPaths.Leaf>();
            Collect(tree, root, groupNodes, leaves);
            var bits = groupNodes.Select(n => bitOf[n]).Order().ToArray();
            var position = new Dictionary<int, int>();
            ulong mask = 0;
            for (int i = 0; i < bits.Length; i++)
            {
                position[bits[i]] = i;
                mask |= 1UL << bits[i];
            }

            // per leaf and unique feature: the (pattern bit, goes right) conditions that make it "hot"
            // per leaf and unique feature: which pattern bits it depends on and the values that make it "hot"
            var care = new int[leaves.Count][];
            var expect = new int[leaves.Count][];
            var slots = new int[leaves.Count][];
            for (int l = 0; l < leaves.Count; l++)
            {
                var leaf = leaves[l];
                int d = leaf.Features.Length;
                care[l] = new int[d];
                expect[l] = new int[d];
                slots[l] = leaf.Features.Select(f => local[f]).ToArray();
                for (int j = 0; j < d; j++)
                {
                    for (int k = leaf.ConditionStart[j]; k < leaf.ConditionStart[j + 1]; k++)
                    {
                        int bit = 1 << position[bitOf[leaf.ConditionNode[k]]];
                        care[l][j] |= bit;
                        expect[l][j] |= leaf.ConditionRight[k] ? bit : 0;
                    }
                }
            }

            var contributions = leaves.Select(Contributions).ToArray();
            Mask.Add(mask);
            RemapOffset.Add(Remap.Count);
            var dense = new double[width];
            var entry = new float[width];
            for (int raw = 0; raw < 1 << bits.Length; raw++)
            {
                Array.Clear(dense);
                for (int l = 0; l < leaves.Count; l++)
                {
                    int d = care[l].Length;
                    int pattern = 0;
                    for (int j = 0; j < d; j++)
                    {
                        pattern |= (((raw ^ expect[l][j]) & care[l][j]) == 0 ? 1 : 0) << j;
                    }

                    var c = contributions[l];
                    for (int j = 0; j < d; j++)
                    {
                        dense[slots[l][j]] += c[pattern * d + j];
                    }
                }

                for (int i = 0; i < width; i++)
                {
                    entry[i] = (float)dense[i];
                }

                if (!_index.TryGetValue(entry, out int e))
                {
                    e = Entries.Count;
                    var copy = (float[])entry.Clone();
                    _index[copy] = e;
                    Entries.Add(copy);
                }

                Remap.Add(e);
            }
        }

        private void Collect(Model.RegressionTree tree, int node, List<int> nodes, List<ShapPaths.Leaf> leaves)
        {
            if (tree.IsLeaf(node))
            {
                leaves.Add(leafAt[node]);
                return;
            }

            nodes.Add(node);
            Collect(tree, tree.LeftChildren[node], nodes, leaves);
            Collect(tree, tree.RightChildren[node], nodes, leaves);
        }

        /// <summary>Per leaf: its 2^d × d contributions by pattern (bit j = feature j hot).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double[] Contributions(ShapPaths.Leaf leaf)
        {
            if (_contributions.TryGetValue(leaf, out var c))
            {
                return c;
            }

            int d = leaf.Features.Length;
            int q = Math.Max(1, (d + 1) / 2);
            if (!_quadrature.TryGetValue(q, out var tw))
            {
                tw = GaussLegendre.On01(q);
                _quadrature[q] = tw;
            }

            var (t, w) = tw;
            // per pattern: v·(o_i − z_i)·Σ_q w_q·Π_{j≠i}(z_j + (o_j − z_j)t_q), the products from prefix and suffix products
            c = new double[(1 << d) * d];
            var factor = new double[d];
            var prefix = new double[d + 1];
            var z = leaf.Zero;
            for (int p = 0; p < 1 << d; p++)
            {
                var integral = c.AsSpan(p * d, d);
                for (int k = 0; k < t.Length; k++)
                {
                    prefix[0] = 1;
                    for (int j = 0; j < d; j++)
                    {
                        factor[j] = z[j] + (((p >> j) & 1) - z[j]) * t[k];
                        prefix[j + 1] = prefix[j] * factor[j];
                    }

                    double suffix = 1;
                    for (int j = d - 1; j >= 0; j--)
                    {
                        integral[j] += w[k] * (prefix[j] * suffix);
                        suffix *= factor[j];
                    }
                }

                for (int j = 0; j < d; j++)
                {
                    double oj = (p >> j) & 1;
                    integral[j] = oj == z[j] ? 0 : leaf.Value * (oj - z[j]) * integral[j];
                }
            }

            _contributions[leaf] = c;
            return c;
        }
    }
}

/// <summary>Table entries compared bit for bit.</summary>
internal sealed class EntryComparer : IEqualityComparer<float[]>
{
    public static readonly EntryComparer Instance = new();

    public bool Equals(float[]? x, float[]? y) =>
        x is not null && y is not null && MemoryMarshal.AsBytes(x.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(y.AsSpan()));

    public int GetHashCode(float[] obj)
    {
        var hash = new HashCode();
        hash.AddBytes(MemoryMarshal.AsBytes(obj.AsSpan()));
        return hash.ToHashCode();
    }
}

/// <summary>Parallel bit extract (PEXT): the bits of a value under a mask, packed to the low end.</summary>
internal interface IBitExtract
{
    static abstract ulong Extract(ulong value, ulong mask);
}

/// <summary>BMI2 PEXT (one instruction; fast on Intel Haswell+ and AMD Zen 3+).</summary>
internal readonly struct HardwareBitExtract : IBitExtract
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Extract(ulong value, ulong mask) => Bmi2.X64.ParallelBitExtract(value, mask);
}

/// <summary>PEXT in software, one mask bit at a time (for CPUs without BMI2).</summary>
internal readonly struct SoftwareBitExtract : IBitExtract
{
    public static ulong Extract(ulong value, ulong mask)
    {
        ulong result = 0;
        for (ulong bit = 1; mask != 0; bit <<= 1)
        {
            ulong low = mask & (0 - mask);
            if ((value & low) != 0)
            {
                result |= bit;
            }

            mask ^= low;
        }

        return result;
    }
}
