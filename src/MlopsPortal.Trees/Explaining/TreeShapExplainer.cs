using MlopsPortal.Trees.Model;

namespace MlopsPortal.Trees.Explaining;

/// <summary>How contributions are computed.</summary>
public enum TreeShapAlgorithm
{
    /// <summary>Path integrals with precomputed factors (fast; equal to XGBoost within its float32 rounding, ~1e-6).</summary>
    Fast,

    /// <summary>A float32 port of XGBoost 1.7's recursion, operation for operation (bit-identical to <c>pred_contribs</c>; slow).</summary>
    Exact,
}

/// <summary>
/// TreeSHAP contributions, as XGBoost's <c>pred_contribs=True</c>: per row, one value per feature then the bias
/// (Σ tree root means + margin0). Output is row-major <c>float[rows * (NumFeatures + 1)]</c>; thread-parallel over rows.
/// </summary>
public sealed class TreeShapExplainer
{
    private const int BlockRows = FastTreeShap.BlockRows;

    /// <summary>
    /// The fast algorithm's tables per model (immutable once built, a few MB for 100 depth-6 trees, ~0.1 s to build):
    /// explainers of the same <see cref="TreeEnsemble"/> instance share them for as long as the ensemble lives.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TreeEnsemble, FastTreeShap> Cache = new();
    private readonly FastTreeShap? _fast;
    private readonly ExactTreeShap? _exact;

    public TreeShapExplainer(TreeEnsemble ensemble, int maxThreads = 0, TreeShapAlgorithm algorithm = TreeShapAlgorithm.Fast)
        : this(ensemble, maxThreads, algorithm, FastTreeShap.Options.Default)
    {
    }

    /// <summary>With the fast algorithm's code paths chosen (tests force each one on and off).</summary>
    internal TreeShapExplainer(TreeEnsemble ensemble, int maxThreads, TreeShapAlgorithm algorithm, FastTreeShap.Options options)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        Ensemble = ensemble;
        MaxThreads = maxThreads > 0 ? maxThreads : Environment.ProcessorCount;
        Algorithm = algorithm;
        if (algorithm == TreeShapAlgorithm.Exact)
        {
            _exact = new ExactTreeShap(ensemble);
        }
        else
        {
            _fast = options == FastTreeShap.Options.Default ? Cache.GetValue(ensemble, e => new FastTreeShap(e)) : new FastTreeShap(ensemble, options);
        }
    }

    public TreeEnsemble Ensemble { get; }
    public int MaxThreads { get; }
    public TreeShapAlgorithm Algorithm { get; }

    /// <summary>Trees the fast algorithm explains through dense group tables.</summary>
    internal int GroupedTrees => _fast?.GroupedTrees ?? 0;

    /// <summary>The fast algorithm's precomputed tables (shared between explainers of one ensemble).</summary>
    internal object? Tables => _fast;

    /// <summary>Columns per output row: the features, then the bias.</summary>
    public int Columns => Ensemble.NumFeatures + 1;

    /// <summary>Names of the output columns: the model's feature names (or f0..), then BIAS.</summary>
    public IReadOnlyList<string> ColumnNames => [.. Ensemble.EffectiveFeatureNames, "BIAS"];

    public float[] Explain(float[] rows)
    {
        int n = RowCount(rows);
        var output = new float[n * Columns];
        Explain(rows, output);
        return output;
    }

    public void Explain(float[] rows, float[] output)
    {
        int n = RowCount(rows);
        int nf = Ensemble.NumFeatures;
        int cols = Columns;
        if (output.Length < n * cols)
        {
            throw new ArgumentException($"The output has room for {output.Length} values; {n * cols} are needed.", nameof(output));
        }

        int blocks = (n + BlockRows - 1) / BlockRows;
        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxThreads };
        Parallel.For(
            0,
            blocks,
            options,
            () => _fast?.CreateScratch(),
            (b, _, scratch) =>
            {
                int start = b * BlockRows;
                int end = Math.Min(n, start + BlockRows);
                if (_fast is not null)
                {
                    _fast.ExplainBlock(rows.AsSpan(start * nf, (end - start) * nf), end - start, output.AsSpan(start * cols, (end - start) * cols), scratch!);
                }
                else
                {
                    for (int r = start; r < end; r++)
                    {
                        _exact!.Explain(rows.AsSpan(r * nf, nf), output.AsSpan(r * cols, cols));
                    }
                }

                return scratch;
            },
            _ => { });
    }

    private int RowCount(float[] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int f = Ensemble.NumFeatures;
        if (f == 0 || rows.Length % f != 0)
        {
            throw new ArgumentException($"The input has {rows.Length} values, not a multiple of the model's {f} features.", nameof(rows));
        }

        return rows.Length / f;
    }
}
