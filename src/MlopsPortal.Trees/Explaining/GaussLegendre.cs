namespace MlopsPortal.Trees.Explaining;

/// <summary>Gauss–Legendre nodes and weights on [0, 1]; q nodes integrate polynomials of degree ≤ 2q−1 exactly.</summary>
internal static class GaussLegendre
{
    public static (double[] Nodes, double[] Weights) On01(int q)
    {
        var nodes = new double[q];
        var weights = new double[q];
        for (int i = 0; i < q; i++)
        {
            double x = Math.Cos(Math.PI * (i + 0.75) / (q + 0.5));
            for (int iter = 0; iter < 100; iter++)
            {
                var (p, dp) = Legendre(q, x);
                double dx = p / dp;
                x -= dx;
                if (Math.Abs(dx) < 1e-16)
                {
                    break;
                }
            }

            var (_, d) = Legendre(q, x);
            nodes[i] = (x + 1) / 2;
            weights[i] = 1.0 / ((1 - x * x) * d * d); // 2/((1-x²)P'²) halved for [0,1]
        }

        return (nodes, weights);
    }

    private static (double P, double Dp) Legendre(int n, double x)
    {
        double p0 = 1, p1 = x;
        if (n == 0)
        {
            return (1, 0);
        }

        for (int k = 2; k <= n; k++)
        {
            double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
            p0 = p1;
            p1 = p2;
        }

        double dp = n * (x * p1 - p0) / (x * x - 1);
        return (p1, dp);
    }
}
