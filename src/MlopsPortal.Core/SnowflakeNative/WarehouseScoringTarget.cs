using MlopsPortal.Core.Common;
using MlopsPortal.Core.Scoring;

namespace MlopsPortal.Core.SnowflakeNative;

/// <summary>Where rows come from and go to in a warehouse-side scoring run, and what the output columns are called.</summary>
/// <param name="Source">Table or view to score (NAME or DB.SCH.NAME).</param>
/// <param name="Output">Existing table the rows are appended to.</param>
/// <param name="KeptColumns">Source columns copied to the output, in this order.</param>
/// <param name="ScoreColumn">Probability of class 1 (the lab: PREDICTED_SCORE, or PROBABILITY_SCORE in phase 3).</param>
/// <param name="ClassColumn">1 when the score is above <paramref name="Threshold"/> (PREDICTED_RESPONSE / PREDICTION_LABEL).</param>
/// <param name="RunId">Written to SCORING_RUN_ID when given, so a run's rows can be found and replaced.</param>
public sealed record WarehouseScoringTarget(
    string Source,
    string Output,
    IReadOnlyList<string> KeptColumns,
    string ScoreColumn = OutputColumns.PredictedScore,
    string ClassColumn = OutputColumns.PredictedResponse,
    double Threshold = 0.5,
    Guid? RunId = null)
{
    public const string RunIdColumn = OutputColumns.ScoringRunId;

    public void Validate()
    {
        if (Threshold is <= 0 or >= 1 || double.IsNaN(Threshold))
            throw new PortalValidationException($"The threshold {Threshold} must lie strictly between 0 and 1.");
    }
}
