using BenchmarkDotNet.Attributes;
using MlopsPortal.Trees.Prediction;

namespace MlopsPortal.Benchmarks;

/// <summary>
/// The two tree-walk kernels on the same model and rows, one thread: the AVX2 bitvector kernel (default on x64 with
/// AVX2) and the scalar 8-walk fallback. Margins for 100,000 rows; divide 100,000 by the mean time for rows/s.
/// </summary>
[MemoryDiagnoser]
public class PredictKernelBenchmarks
{
    private const int Rows = 100_000;
    private Predictor _predictor = null!;
    private float[] _x = [];
    private float[] _out = [];

    [Params(PredictKernel.Scalar, PredictKernel.Avx2)]
    public PredictKernel Kernel { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var model = BenchmarkModel.Load();
        _predictor = new Predictor(model, 1, Kernel);
        _x = BenchmarkModel.Rows(Rows, model.NumFeatures);
        _out = new float[Rows];
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public void PredictMargins() => _predictor.PredictMargins(_x, _out);
}
