namespace MlopsPortal.Core.Monitoring;

/// <summary>
/// The SQL aggregates of one window for the performance metrics. See <see cref="PerformanceMetrics.Compute"/>.
/// </summary>
/// <param name="Count">COUNT: rows of the window with a non-null predicted class.</param>
/// <param name="ActualsCount">ACTUALS_COUNT: rows of the window with a non-null actual class.</param>
/// <param name="Confusion">Confusion counts over rows with both a predicted and an actual class.</param>
/// <param name="LogLossSum">Sum of <see cref="LogLoss.Term"/> over rows with both a score and an actual class; null when no score column.</param>
/// <param name="LogLossCount">Rows that entered <paramref name="LogLossSum"/>.</param>
public readonly record struct PerformanceWindow(
    long Count,
    long ActualsCount,
    ConfusionCounts Confusion,
    double? LogLossSum = null,
    long LogLossCount = 0);
