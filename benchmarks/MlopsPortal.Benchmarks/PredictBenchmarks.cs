using BenchmarkDotNet.Attributes;
using MlopsPortal.Trees.Prediction;

namespace MlopsPortal.Benchmarks;

/// <summary>Margins for 100,000 rows; divide 100,000 by the mean time for rows/s.</summary>
[MemoryDiagnoser]
public class PredictBenchmarks
{
    private const int Rows = 100_000;
    private Predictor _predictor = null!;
    private float[] _x = [];
    private float[] _out = [];

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var model = BenchmarkModel.Load();
        _predictor = new Predictor(model, Threads);
        _x = BenchmarkModel.Rows(Rows, model.NumFeatures);
        _out = new float[Rows];
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public void PredictMargins() => _predictor.PredictMargins(_x, _out);
}
