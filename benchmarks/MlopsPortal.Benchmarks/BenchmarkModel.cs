using MlopsPortal.Trees.Model;
using MlopsPortal.Trees.Reading;

namespace MlopsPortal.Benchmarks;

/// <summary>
/// The model under test: benchmarks/out/bench_model.json (from make_bench_model.py: 100 trees, depth 6, 10 features)
/// when present, else the committed golden fixture of the same shape. Rows: standard normal with 3% NaN, fixed seed.
/// </summary>
internal static class BenchmarkModel
{
    public static TreeEnsemble Load()
    {
        string? env = Environment.GetEnvironmentVariable("MLOPS_BENCH_MODEL");
        if (env is not null)
        {
            return ModelLoader.Load(env);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { "benchmarks/out/bench_model.json", "tests/MlopsPortal.Trees.Tests/Fixtures/default.json" })
            {
                string path = Path.Combine(dir.FullName, candidate);
                if (File.Exists(path))
                {
                    return ModelLoader.Load(path);
                }
            }
        }

        throw new FileNotFoundException("No benchmark model found; run benchmarks/make_bench_model.py or set MLOPS_BENCH_MODEL.");
    }

    public static float[] Rows(int rows, int features)
    {
        var rng = new Random(42);
        var x = new float[rows * features];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = rng.NextDouble() < 0.03 ? float.NaN : (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        }

        return x;
    }
}
