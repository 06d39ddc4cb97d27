using MlopsPortal.Core.Common;
using MlopsPortal.Core.Scoring;

namespace MlopsPortal.Core.SnowflakeNative;

/// <summary>The body of "score with a Snowflake model": which model, which rows, where the scores go.</summary>
public sealed class NativeScoringRequest
{
    public string? Model { get; set; }

    /// <summary>A version name or an alias (PRODUCTION): an alias makes the run follow promotions.</summary>
    public string? VersionOrAlias { get; set; }

    /// <summary>The source columns passed to PREDICT_PROBA, in the model's signature order.</summary>
    public List<string>? InputColumns { get; set; }

    public string? Source { get; set; }
    public string? Output { get; set; }
    public List<string>? KeptColumns { get; set; }
    public string? ScoreColumn { get; set; } = OutputColumns.PredictedScore;
    public string? ClassColumn { get; set; } = OutputColumns.PredictedResponse;
    public double Threshold { get; set; } = 0.5;

    /// <summary>The OBJECT field holding the class-1 probability: output_feature_1 for xgboost/sklearn models.</summary>
    public string? OutputField { get; set; } = "output_feature_1";

    public (string Model, string VersionOrAlias, IReadOnlyList<string> Inputs, WarehouseScoringTarget Target, string OutputField) Validate()
    {
        var inputs = Clean(InputColumns);
        if (inputs.Count == 0)
            throw new PortalValidationException("Name the input columns PREDICT_PROBA takes (inputColumns).");
        var target = new WarehouseScoringTarget(
            Required(Source, "source"), Required(Output, "output"), Clean(KeptColumns),
            Or(ScoreColumn, OutputColumns.PredictedScore), Or(ClassColumn, OutputColumns.PredictedResponse), Threshold);
        return (Required(Model, "model"), Required(VersionOrAlias, "versionOrAlias"), inputs, target, Or(OutputField, "output_feature_1"));
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new PortalValidationException($"{field} is missing.") : value.Trim();

    private static string Or(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();

    private static List<string> Clean(List<string>? names) =>
        (names ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToList();
}
