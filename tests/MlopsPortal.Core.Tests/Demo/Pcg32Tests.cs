using MlopsPortal.Core.Demo;

namespace MlopsPortal.Core.Tests.Demo;

public class Pcg32Tests
{
    [Fact]
    public void Matches_the_reference_pcg32_sequence()
    {
        // pcg-c-basic's pcg32-demo: pcg32_srandom_r(&rng, 42u, 54u)
        var rng = new Pcg32(42, 54);
        Assert.Equal([0xa15c02b7u, 0x7b47f409u, 0xba1d3330u, 0x83d2f293u, 0xbfa4784bu, 0xcbed606eu],
            Enumerable.Range(0, 6).Select(_ => rng.NextUInt()));
    }

    [Fact]
    public void Doubles_ints_and_gaussians_have_the_expected_ranges_and_moments()
    {
        var rng = new Pcg32(7);
        var doubles = Enumerable.Range(0, 100_000).Select(_ => rng.NextDouble()).ToArray();
        Assert.All(doubles, d => Assert.InRange(d, 0.0, 0.9999999999));
        Assert.InRange(doubles.Average(), 0.49, 0.51);
        var ints = Enumerable.Range(0, 60_000).Select(_ => rng.NextInt(6)).ToArray();
        Assert.All(Enumerable.Range(0, 6), k => Assert.InRange(ints.Count(i => i == k), 9_500, 10_500));
        var normals = Enumerable.Range(0, 100_000).Select(_ => rng.NextGaussian()).ToArray();
        var mean = normals.Average();
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(Math.Sqrt(normals.Average(x => (x - mean) * (x - mean))), 0.98, 1.02);
    }
}
