namespace MlopsPortal.Core.Demo;

/// <summary>
/// Deterministic demo rows with the lab's schema (<see cref="DemoSchema.Columns"/> order) and its drift story
/// (<see cref="DriftStory"/>). Rows are produced lazily with constant memory, so any count streams.
/// The same table, row count and seed always give the same rows.
/// </summary>
public static class DemoDataGenerator
{
    public const ulong DefaultSeed = 42;

    public static IEnumerable<object?[]> Generate(DemoTable table, long? rows = null, ulong seed = DefaultSeed)
    {
        var plan = WeekPlan.For(table, rows ?? DemoSchema.DefaultRows(table));
        return Iterate(plan, new Pcg32(seed, stream: (ulong)table + 1));
    }

    private static IEnumerable<object?[]> Iterate(IReadOnlyList<WeekSegment> plan, Pcg32 rng)
    {
        foreach (var segment in plan)
        {
            var weekStart = DemoSchema.WeekStart(segment.Week);
            for (long i = 0; i < segment.Rows; i++)
                yield return segment.OneOff ? OneOff(rng, segment.Week, weekStart) : Recurring(rng, segment.Week, weekStart);
        }
    }

    private static object?[] Recurring(Pcg32 rng, int week, DateTime weekStart)
    {
        var p = DemoPopulation.Profiles[rng.Pick(DemoPopulation.ProfileCumulative)];
        var income = Math.Round(Math.Max(5.0, p.IncomeMean * DriftStory.IncomeFactor(week) + p.IncomeSd * rng.NextGaussian()), 1);
        var amount = (long)Math.Round(Math.Max(10.0, p.AmountMean * DriftStory.AmountFactor(week) + p.AmountSd * rng.NextGaussian()));
        var label = Label(rng, income, amount, p.Purpose, week);
        return Row(weekStart, week, p.LoanId, p.Ts, DemoPopulation.Conventional, p.Purpose, income, amount, p.County, label);
    }

    private static object?[] OneOff(Pcg32 rng, int week, DateTime weekStart)
    {
        var loanId = 100_000L + rng.NextInt(370_000);
        var ts = $"{rng.NextInt(60):00}:{rng.NextInt(60):00}.{rng.NextInt(10)}";
        var type = DemoPopulation.LoanTypes[rng.Pick(DemoPopulation.LoanTypeCumulative)];
        var purpose = DemoPopulation.Purposes[rng.Pick(DemoPopulation.PurposeCumulative)];
        var county = DemoPopulation.Counties[rng.Pick(DemoPopulation.CountyCumulative)];
        var income = Math.Round(Math.Exp(Math.Log(85) + 0.5 * rng.NextGaussian()));
        var amount = (long)Math.Max(1, Math.Round(Math.Exp(Math.Log(200) + 0.7 * rng.NextGaussian())));
        var label = Label(rng, income, amount, purpose, week);
        double? reported = rng.NextDouble() < DemoPopulation.MissingIncomeShare ? null : income;
        return Row(weekStart, week, loanId, ts, type, purpose, reported, amount, county, label);
    }

    private static long Label(Pcg32 rng, double income, double amount, string purpose, int week) =>
        rng.NextDouble() < DriftStory.PositiveProbability(income, amount, purpose == DemoPopulation.HomePurchase, week) ? 1 : 0;

    private static object?[] Row(DateTime weekStart, int week, long loanId, string ts, string type, string purpose,
        double? income, long amount, string county, long label) =>
        [weekStart, (long)week, loanId, ts, type, purpose, income, amount, county, label];
}
