namespace MlopsPortal.Core.Scoring;

/// <summary>
/// The columns a scoring run adds to its output, by default (docs/lab-workflow.md phase 1): the lab's names for the score
/// and the class, and the portal's own run id. Every default is spelled here once.
/// </summary>
public static class OutputColumns
{
    public const string PredictedScore = "PREDICTED_SCORE";
    public const string PredictedResponse = "PREDICTED_RESPONSE";

    /// <summary>The run that wrote the row (the portal's own column: never a model input, never drift-tested).</summary>
    public const string ScoringRunId = "SCORING_RUN_ID";
}
