namespace MlopsPortal.Core.Demo;

/// <summary>
/// How the demo data drifts. Before week 7 (2025-02-09) the chance of a positive response rises with
/// affordability (income high against the loan amount). From week 7 the lender's policy changes (concept
/// drift): stretched applicants, who were mostly refused, now mostly get a positive response, home purchases
/// less so, and the base rate climbs week by week (~55% positive in week 1, ~77% by week 25). At the same time
/// incomes fall and loan amounts rise by 10% (data drift), phased in over six weeks.
/// A model trained on weeks 1–5 keeps F1 above 0.8 until week 6 and falls below 0.7 in week 7;
/// a model retrained on NEWTRAININGDATA (weeks 20–30) recovers (see tests/…/Demo/check_drift_story.py).
/// </summary>
public static class DriftStory
{
    public const int DriftWeek = 7;
    public const double FeatureShift = 0.10;

    /// <summary>0 before the drift, 0.7 in its first week, 1 from six weeks later.</summary>
    public static double Intensity(int week) =>
        week < DriftWeek ? 0.0 : Math.Min(1.0, 0.7 + 0.3 * (week - DriftWeek) / 6.0);

    public static double IncomeFactor(int week) => 1 - FeatureShift * Intensity(week);

    public static double AmountFactor(int week) => 1 + FeatureShift * Intensity(week);

    /// <summary>Probability of MORTGAGERESPONSE = 1.</summary>
    public static double PositiveProbability(double income, double amount, bool homePurchase, int week)
    {
        var stretch = (Math.Log(amount / Math.Max(income, 1.0)) - Math.Log(4.5)) / 0.35;
        var before = 0.5 - 3.0 * stretch + (homePurchase ? 0.3 : 0.0);
        var after = 0.5 + 0.04 * Math.Max(0, week - DriftWeek) + 0.7 * stretch - (homePurchase ? 0.6 : 0.0);
        var s = Intensity(week);
        var logit = (1 - s) * before + s * after;
        return 1.0 / (1.0 + Math.Exp(-logit));
    }
}
