namespace MlopsPortal.Infrastructure.Demo;

/// <summary>
/// Section <c>Demo:FormDefaults</c>: what the forms preselect, set in the demo's configuration (appsettings.json, the
/// lab's INFERENCEMORTGAGEDATA and MORTGAGERESPONSE) rather than typed into the forms. A named table or column is
/// preselected only where it exists; unset or absent, a form falls back to its first table and last column.
/// </summary>
public sealed class FormDefaultsOptions
{
    public const string Section = "Demo:FormDefaults";

    /// <summary>The table scored and evaluated on (scoring run, compare, import's metrics).</summary>
    public string? ScoringTable { get; set; }

    /// <summary>The label column of an evaluation or a training run.</summary>
    public string? LabelColumn { get; set; }

    /// <summary>The features a training run starts with, where the chosen table has them.</summary>
    public IReadOnlyList<string> TrainingFeatures { get; set; } = [];

    /// <summary>The one-hot prefixes a training run keeps by default.</summary>
    public string TrainingFeaturePrefixes { get; set; } = "";

    /// <summary><paramref name="wanted"/> as <paramref name="names"/> spell it, or null when it is not among them.</summary>
    public static string? Among(IEnumerable<string> names, string? wanted) =>
        wanted is null ? null : names.FirstOrDefault(n => n.Equals(wanted, StringComparison.OrdinalIgnoreCase));
}
