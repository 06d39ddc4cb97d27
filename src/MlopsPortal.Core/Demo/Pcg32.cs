namespace MlopsPortal.Core.Demo;

/// <summary>
/// PCG-XSH-RR 64/32 (O'Neill, pcg-random.org): a small, fast generator whose sequence is fixed by this code,
/// unlike <see cref="System.Random"/> whose algorithm may change between runtimes. Not for cryptography.
/// </summary>
public sealed class Pcg32
{
    private const ulong Multiplier = 6364136223846793005UL;
    private ulong _state;
    private readonly ulong _increment;
    private double? _spareGaussian;

    public Pcg32(ulong seed, ulong stream = 54)
    {
        _increment = (stream << 1) | 1UL;
        _state = 0;
        NextUInt();
        _state += seed;
        NextUInt();
    }

    public uint NextUInt()
    {
        var old = _state;
        _state = unchecked(old * Multiplier + _increment);
        var xorShifted = (uint)(((old >> 18) ^ old) >> 27);
        var rot = (int)(old >> 59);
        return (xorShifted >> rot) | (xorShifted << (-rot & 31));
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble()
    {
        var bits = ((ulong)NextUInt() << 21) ^ NextUInt();
        return (bits & ((1UL << 53) - 1)) * (1.0 / (1UL << 53));
    }

    /// <summary>Uniform integer in [0, maxExclusive) (Lemire's nearly divisionless method, unbiased).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);
        var range = (uint)maxExclusive;
        var m = (ulong)NextUInt() * range;
        var low = (uint)m;
        if (low < range)
        {
            var threshold = (uint)-range % range;
            while (low < threshold)
            {
                m = (ulong)NextUInt() * range;
                low = (uint)m;
            }
        }
        return (int)(m >> 32);
    }

    /// <summary>Standard normal (Box–Muller; the second value of each pair is kept for the next call).</summary>
    public double NextGaussian()
    {
        if (_spareGaussian is { } spare)
        {
            _spareGaussian = null;
            return spare;
        }
        double u1;
        do u1 = NextDouble(); while (u1 <= double.Epsilon);
        var u2 = NextDouble();
        var radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareGaussian = radius * Math.Sin(2 * Math.PI * u2);
        return radius * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Index drawn with probability proportional to <paramref name="cumulativeWeights"/>' increments.</summary>
    public int Pick(IReadOnlyList<double> cumulativeWeights)
    {
        var x = NextDouble() * cumulativeWeights[^1];
        for (var i = 0; i < cumulativeWeights.Count; i++)
            if (x < cumulativeWeights[i])
                return i;
        return cumulativeWeights.Count - 1;
    }
}
