namespace MlopsPortal.Core.Monitoring;

/// <summary>
/// LOG_LOSS = mean over rows of −(y·ln p + (1−y)·ln(1−p)), with p clipped to [1e-15, 1 − 1e-15]
/// (scikit-learn's <c>log_loss(y, p, eps=1e-15, labels=[0, 1])</c>).
/// The sum can run in SQL (<see cref="SqlSumExpression"/>); <see cref="FromSum"/> finishes it.
/// </summary>
public static class LogLoss
{
    /// <summary>The clip applied to scores before taking logarithms.</summary>
    public const double Epsilon = 1e-15;

    /// <summary>The loss of one row (<paramref name="actual"/> 0 or 1, <paramref name="score"/> = probability of class 1).</summary>
    public static double Term(int actual, double score)
    {
        // Same operations as scikit-learn: clip p, then ln(p) or ln(1 - p) of the clipped value.
        var p = Math.Clamp(score, Epsilon, 1 - Epsilon);
        return actual switch
        {
            1 => -Math.Log(p),
            0 => -Math.Log(1 - p),
            _ => throw new ArgumentOutOfRangeException(nameof(actual), actual, "The actual class must be 0 or 1."),
        };
    }

    /// <summary>Mean loss from the window's sum of <see cref="Term"/> and its row count; <c>null</c> for an empty window.</summary>
    public static double? FromSum(double sumOfTerms, long count) => count > 0 ? sumOfTerms / count : null;

    /// <summary>
    /// A SQL expression (DuckDB and Snowflake) whose SUM over a window is the sum of <see cref="Term"/>;
    /// <paramref name="actual"/> and <paramref name="score"/> must be already-quoted identifiers.
    /// Rows where either is NULL must be filtered out (and counted) by the caller.
    /// </summary>
    public static string SqlSumExpression(string actual, string score)
    {
        var p = $"GREATEST(LEAST(CAST({score} AS DOUBLE), 1 - 1e-15), 1e-15)";
        return $"-(CAST({actual} AS DOUBLE) * LN({p}) + (1 - CAST({actual} AS DOUBLE)) * LN(1 - {p}))";
    }
}
