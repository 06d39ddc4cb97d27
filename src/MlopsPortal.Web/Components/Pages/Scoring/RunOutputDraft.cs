using MlopsPortal.Core.Scoring;

namespace MlopsPortal.Web.Components.Pages.Scoring;

/// <summary>The output part of a scoring run being edited: kept columns (empty = all), column names, threshold.</summary>
public sealed class RunOutputDraft
{
    public IReadOnlyCollection<string> KeepColumns { get; set; } = [];
    public string ScoreColumn { get; set; } = OutputColumns.PredictedScore;
    public string ClassColumn { get; set; } = OutputColumns.PredictedResponse;
    public double Threshold { get; set; } = 0.5;

    public ScoringRunSpec ApplyTo(ScoringRunSpec spec) => spec with
    {
        KeepColumns = KeepColumns.Count > 0 ? KeepColumns.ToList() : null,
        ScoreColumn = ScoreColumn.Trim(),
        ClassColumn = ClassColumn.Trim(),
        Threshold = Threshold,
    };
}
