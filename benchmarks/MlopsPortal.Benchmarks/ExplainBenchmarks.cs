using BenchmarkDotNet.Attributes;
using MlopsPortal.Trees.Explaining;

namespace MlopsPortal.Benchmarks;

/// <summary>TreeSHAP contributions for 5,000 rows (fast algorithm); per-operation time is per row.</summary>
[MemoryDiagnoser]
public class ExplainBenchmarks
{
    private const int Rows = 5_000;
    private TreeShapExplainer _explainer = null!;
    private float[] _x = [];
    private float[] _out = [];

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var model = BenchmarkModel.Load();
        _explainer = new TreeShapExplainer(model, Threads);
        _x = BenchmarkModel.Rows(Rows, model.NumFeatures);
        _out = new float[Rows * _explainer.Columns];
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public void Explain() => _explainer.Explain(_x, _out);
}
