using MlopsPortal.Trees.Training;

namespace MlopsPortal.Trees.Tests.Training;

/// <summary>
/// Deterministic loan-like rows: four one-hot purpose columns, income (10% missing) and amount, with a label that
/// depends on all of them, so trained trees split on every kind of column and meet missing values.
/// </summary>
internal static class SyntheticLoans
{
    public static readonly string[] Names =
    [
        "LOAN_PURPOSE_NAME_OHE_Home_purchase", "LOAN_PURPOSE_NAME_OHE_Refinancing", "LOAN_PURPOSE_NAME_OHE_Home_improvement",
        "LOAN_PURPOSE_NAME_OHE_Other", "APPLICANT_INCOME_000S", "LOAN_AMOUNT_000S",
    ];

    public static TrainingData Make(int count, int seed)
    {
        var random = new Random(seed);
        int nf = Names.Length;
        var rows = new float[count * nf];
        var labels = new bool[count];
        for (int r = 0; r < count; r++)
        {
            int purpose = random.Next(4);
            rows[r * nf + purpose] = 1f;
            bool missingIncome = random.NextDouble() < 0.1;
            float income = MathF.Round((float)(20 + 200 * random.NextDouble() * random.NextDouble()), 1);
            float amount = MathF.Round((float)(50 + 500 * random.NextDouble()));
            rows[r * nf + 4] = missingIncome ? float.NaN : income;
            rows[r * nf + 5] = amount;
            double logit = -0.5 + 0.8 * (purpose == 1 ? 1 : 0) - 0.6 * (purpose == 3 ? 1 : 0)
                + (missingIncome ? 0.7 : 0.015 * (income - 70)) - 0.003 * (amount - 300);
            labels[r] = random.NextDouble() < 1 / (1 + Math.Exp(-logit));
        }

        return new TrainingData(rows, labels, Names);
    }
}
