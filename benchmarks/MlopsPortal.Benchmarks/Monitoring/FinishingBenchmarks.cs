using BenchmarkDotNet.Attributes;
using MlopsPortal.Core.Monitoring;

namespace MlopsPortal.Benchmarks.Monitoring;

/// <summary>
/// The monitor refresh's finishing step on SQL results (sorted value counts and score groups):
/// <c>dotnet run -c Release --project benchmarks/MlopsPortal.Benchmarks -- --filter *FinishingBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class FinishingBenchmarks
{
    private NumericBaseline baseline = null!;
    private ValueCount[] window = [];
    private ScoreGroup[] scores = [];

    [Params(10_000, 1_000_000)]
    public int Distinct { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        baseline = NumericBaseline.FromValueCounts(
            Enumerable.Range(0, Distinct).Select(i => new ValueCount(rng.NextDouble() * 1000, 1 + rng.Next(4))).ToArray());
        window = [.. Enumerable.Range(0, Distinct).Select(_ => new ValueCount(rng.NextDouble() * 1100, 1 + rng.Next(4))).DistinctBy(v => v.Value).OrderBy(v => v.Value)];
        scores = [.. Enumerable.Range(0, Distinct).Select(i => new ScoreGroup(i / (double)Distinct, rng.Next(3), rng.Next(3)))];
    }

    [Benchmark]
    public NumericDrift Drift() => NumericDrift.Compute(baseline, window);

    [Benchmark]
    public PerformanceMetrics Performance() =>
        PerformanceMetrics.Compute(new PerformanceWindow(Distinct, Distinct, new ConfusionCounts(1, 2, 3, 4), 1.0, Distinct), scores);

    [Benchmark]
    public NumericBaseline Baseline() => NumericBaseline.FromValueCounts(window);
}
