using BenchmarkDotNet.Attributes;
using MlopsPortal.Trees.Explaining;

namespace MlopsPortal.Benchmarks;

/// <summary>
/// TreeSHAP contributions for 20,000 rows; per-operation time is per row. <see cref="Path"/>: "groups" = dense
/// leaf-group tables with 8-row SIMD split decisions (the default), "groups-scalar" = the same tables with one row's
/// decisions at a time, "leaf-tables" = the previous per-leaf pattern tables (still used for trees the groups do not fit).
/// </summary>
[MemoryDiagnoser]
public class ExplainBenchmarks
{
    private const int Rows = 20_000;
    private TreeShapExplainer _explainer = null!;
    private float[] _x = [];
    private float[] _out = [];

    [Params(1, 2)]
    public int Threads { get; set; }

    [Params("groups", "groups-scalar", "leaf-tables")]
    public string Path { get; set; } = "groups";

    [GlobalSetup]
    public void Setup()
    {
        var model = BenchmarkModel.Load();
        var options = FastTreeShap.Options.Default;
        options = Path switch
        {
            "groups-scalar" => options with { SimdDecisions = false },
            "leaf-tables" => options with { Groups = false },
            _ => options,
        };
        _explainer = new TreeShapExplainer(model, Threads, TreeShapAlgorithm.Fast, options);
        _x = BenchmarkModel.Rows(Rows, model.NumFeatures);
        _out = new float[Rows * _explainer.Columns];
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public void Explain() => _explainer.Explain(_x, _out);
}

/// <summary>
/// Building the fast algorithm's tables (paths, node means, group tables) for the benchmark model: paid once per
/// ensemble instance (TreeShapExplainer caches them), so this bypasses the cache.
/// </summary>
[MemoryDiagnoser]
public class ExplainBuildBenchmarks
{
    private MlopsPortal.Trees.Model.TreeEnsemble _model = null!;

    [GlobalSetup]
    public void Setup() => _model = BenchmarkModel.Load();

    [Benchmark]
    public object Build() => new FastTreeShap(_model, FastTreeShap.Options.Default);
}
