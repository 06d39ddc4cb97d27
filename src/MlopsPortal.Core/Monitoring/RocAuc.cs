namespace MlopsPortal.Core.Monitoring;

/// <summary>
/// ROC_AUC by the Mann–Whitney statistic with average ranks for ties, equal to scikit-learn's
/// <c>roc_auc_score</c> for binary labels:
/// AUC = Σ_g pos_g · (neg_below_g + ½·neg_g) / (P · N), over distinct scores g in ascending order.
/// Cost O(k) in the number of distinct scores when the groups arrive sorted (<c>ORDER BY score</c>),
/// O(k log k) otherwise (one copy is sorted). Repeated scores in the input are merged.
/// </summary>
public static class RocAuc
{
    /// <summary>
    /// The AUC of the window, or <c>null</c> when one class is missing (no positive or no negative):
    /// scikit-learn raises there and Snowflake leaves the value empty.
    /// </summary>
    public static double? FromScoreGroups(ReadOnlySpan<ScoreGroup> groups)
    {
        if (!IsSortedByScore(groups))
        {
            var copy = groups.ToArray();
            Array.Sort(copy, static (a, b) => a.Score.CompareTo(b.Score));
            return Sorted(copy);
        }

        return Sorted(groups);
    }

    private static double? Sorted(ReadOnlySpan<ScoreGroup> groups)
    {
        // Twice the Mann–Whitney U, accumulated exactly in integers:
        // 2U = Σ pos_g · (2·neg_below_g + neg_g) ≤ 2·P·N, summing equal scores into one group first.
        // A long holds it for windows up to ~3·10^9 rows; beyond, checked arithmetic throws instead of wrapping.
        long twiceU = 0;
        long positives = 0, negativesBelow = 0;
        var i = 0;
        while (i < groups.Length)
        {
            var score = groups[i].Score;
            if (double.IsNaN(score))
            {
                throw new ArgumentException("ROC_AUC input holds a NaN score; filter NULL/NaN scores before grouping.", nameof(groups));
            }

            long pos = 0, neg = 0;
            for (; i < groups.Length && groups[i].Score == score; i++)
            {
                pos += Checked(groups[i].Positives);
                neg += Checked(groups[i].Negatives);
            }

            twiceU = checked(twiceU + (pos * ((2 * negativesBelow) + neg)));
            positives += pos;
            negativesBelow += neg;
        }

        if (positives == 0 || negativesBelow == 0)
        {
            return null;
        }

        return twiceU / (2.0 * positives * negativesBelow);
    }

    private static long Checked(long count) =>
        count >= 0 ? count : throw new ArgumentOutOfRangeException(nameof(count), count, "Counts cannot be negative.");

    private static bool IsSortedByScore(ReadOnlySpan<ScoreGroup> groups)
    {
        for (var i = 1; i < groups.Length; i++)
        {
            if (!(groups[i - 1].Score <= groups[i].Score))
            {
                return false;
            }
        }

        return true;
    }
}
