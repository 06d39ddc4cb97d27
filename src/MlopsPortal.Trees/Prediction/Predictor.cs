using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MlopsPortal.Trees.Model;

namespace MlopsPortal.Trees.Prediction;

/// <summary>
/// Batch prediction with XGBoost 1.7 float32 semantics: inputs are float32 (NaN = missing), <c>x &lt; cond</c> goes left,
/// the margin starts at margin0 and adds each tree's leaf in tree order; probability = XGBoost's float sigmoid.
/// Rows are row-major <c>float[rows * NumFeatures]</c>. Thread-safe; parallel over row blocks.
/// </summary>
public sealed class Predictor
{
    private const int BlockRows = 128;
    private readonly CompiledForest _forest;

    public Predictor(TreeEnsemble ensemble, int maxThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        Ensemble = ensemble;
        _forest = new CompiledForest(ensemble);
        MaxThreads = maxThreads > 0 ? maxThreads : Environment.ProcessorCount;
    }

    public TreeEnsemble Ensemble { get; }
    public int NumFeatures => Ensemble.NumFeatures;

    /// <summary>Largest number of threads a batch call uses.</summary>
    public int MaxThreads { get; }

    /// <summary>Raw margins (log-odds), one per row.</summary>
    public float[] PredictMargins(float[] rows)
    {
        var output = new float[RowCount(rows)];
        PredictMargins(rows, output);
        return output;
    }

    /// <summary>Raw margins into <paramref name="output"/> (length = rows).</summary>
    public void PredictMargins(float[] rows, float[] output)
    {
        int n = RowCount(rows);
        if (output.Length < n)
        {
            throw new ArgumentException($"The output has room for {output.Length} rows; {n} are needed.", nameof(output));
        }

        int blocks = (n + BlockRows - 1) / BlockRows;
        if (blocks <= 1 || MaxThreads == 1)
        {
            var scratch = new float[BlockRows * 2 * Math.Max(1, NumFeatures)];
            for (int b = 0; b < blocks; b++)
            {
                RunBlock(rows, output, b, n, scratch);
            }

            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxThreads };
        int chunk = Math.Max(1, blocks / (MaxThreads * 8));
        int chunks = (blocks + chunk - 1) / chunk;
        Parallel.For(
            0,
            chunks,
            options,
            () => new float[BlockRows * 2 * Math.Max(1, NumFeatures)],
            (c, _, scratch) =>
            {
                int end = Math.Min(blocks, (c + 1) * chunk);
                for (int b = c * chunk; b < end; b++)
                {
                    RunBlock(rows, output, b, n, scratch);
                }

                return scratch;
            },
            _ => { });
    }

    /// <summary>The model's output per row: probability for binary:logistic and reg:logistic, the margin for binary:logitraw.</summary>
    public float[] PredictProbabilities(float[] rows)
    {
        var m = PredictMargins(rows);
        var objective = Ensemble.Objective;
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = objective.Transform(m[i]);
        }

        return m;
    }

    /// <summary>Class 1 when the probability is above <paramref name="threshold"/> (for logitraw: the margin above 0).</summary>
    public int[] PredictClasses(float[] rows, float threshold = 0.5f)
    {
        var p = PredictProbabilities(rows);
        float cut = Ensemble.Objective == Objective.BinaryLogitRaw ? 0f : threshold;
        var c = new int[p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            c[i] = p[i] > cut ? 1 : 0;
        }

        return c;
    }

    /// <summary>Margin of one row (no threading).</summary>
    public float PredictMargin(ReadOnlySpan<float> row)
    {
        if (row.Length != NumFeatures)
        {
            throw new ArgumentException($"The row has {row.Length} values; the model has {NumFeatures} features.", nameof(row));
        }

        float m = Ensemble.Margin0;
        foreach (var tree in Ensemble.Trees)
        {
            m += NodeDecision.Leaf(tree, row);
        }

        return m;
    }

    private int RowCount(float[] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int f = Math.Max(1, NumFeatures);
        if (rows.Length % f != 0)
        {
            throw new ArgumentException($"The input has {rows.Length} values, not a multiple of the model's {NumFeatures} features.", nameof(rows));
        }

        return NumFeatures == 0 ? 0 : rows.Length / f;
    }

    [SkipLocalsInit]
    private void RunBlock(float[] rows, float[] output, int block, int n, float[] scratch)
    {
        int start = block * BlockRows;
        int count = Math.Min(BlockRows, n - start);
        int nf = NumFeatures;
        int stride = 2 * nf;

        // expand: slot f = x (NaN→+∞, default right), slot F+f = x (NaN→−∞, default left)
        ref float src = ref MemoryMarshal.GetArrayDataReference(rows);
        ref float dst = ref MemoryMarshal.GetArrayDataReference(scratch);
        for (int r = 0; r < count; r++)
        {
            int so = (start + r) * nf;
            int d0 = r * stride;
            for (int f = 0; f < nf; f++)
            {
                float x = Unsafe.Add(ref src, so + f);
                bool nan = float.IsNaN(x);
                Unsafe.Add(ref dst, d0 + f) = nan ? float.PositiveInfinity : x;
                Unsafe.Add(ref dst, d0 + nf + f) = nan ? float.NegativeInfinity : x;
            }
        }

        Span<float> margins = stackalloc float[BlockRows];
        margins[..count].Fill(Ensemble.Margin0);
        var trees = Ensemble.Trees;
        var depth = _forest.Depth;
        for (int t = 0; t < depth.Length; t++)
        {
            int d = depth[t];
            if (d >= 0)
            {
                PerfectTree(t, d, scratch, stride, count, margins);
            }
            else
            {
                var tree = trees[t];
                for (int r = 0; r < count; r++)
                {
                    margins[r] += NodeDecision.Leaf(tree, rows.AsSpan((start + r) * nf, nf));
                }
            }
        }

        margins[..count].CopyTo(output.AsSpan(start, count));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PerfectTree(int t, int d, float[] scratch, int stride, int count, Span<float> margins)
    {
        ref int feat = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_forest.Features), _forest.NodeOffset[t]);
        ref float thr = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_forest.Thresholds), _forest.NodeOffset[t]);
        ref float leaf = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_forest.Leaves), _forest.LeafOffset[t] - ((1 << d) - 1));
        ref float x = ref MemoryMarshal.GetArrayDataReference(scratch);
        ref float m = ref MemoryMarshal.GetReference(margins);
        int r = 0;
        for (; r + 4 <= count; r += 4)
        {
            ref float x0 = ref Unsafe.Add(ref x, r * stride);
            ref float x1 = ref Unsafe.Add(ref x0, stride);
            ref float x2 = ref Unsafe.Add(ref x1, stride);
            ref float x3 = ref Unsafe.Add(ref x2, stride);
            int i0 = 0, i1 = 0, i2 = 0, i3 = 0;
            for (int level = 0; level < d; level++)
            {
                i0 = Step(ref feat, ref thr, ref x0, i0);
                i1 = Step(ref feat, ref thr, ref x1, i1);
                i2 = Step(ref feat, ref thr, ref x2, i2);
                i3 = Step(ref feat, ref thr, ref x3, i3);
            }

            Unsafe.Add(ref m, r) += Unsafe.Add(ref leaf, i0);
            Unsafe.Add(ref m, r + 1) += Unsafe.Add(ref leaf, i1);
            Unsafe.Add(ref m, r + 2) += Unsafe.Add(ref leaf, i2);
            Unsafe.Add(ref m, r + 3) += Unsafe.Add(ref leaf, i3);
        }

        for (; r < count; r++)
        {
            ref float xr = ref Unsafe.Add(ref x, r * stride);
            int i = 0;
            for (int level = 0; level < d; level++)
            {
                i = Step(ref feat, ref thr, ref xr, i);
            }

            Unsafe.Add(ref m, r) += Unsafe.Add(ref leaf, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step(ref int feat, ref float thr, ref float x, int i)
    {
        bool lt = Unsafe.Add(ref x, Unsafe.Add(ref feat, i)) < Unsafe.Add(ref thr, i);
        return 2 * i + 2 - Unsafe.As<bool, byte>(ref lt);
    }
}
