namespace MlopsPortal.Core.FeatureStore;

/// <summary>What features describe (a loan, a customer…) and the columns that identify one.</summary>
public sealed record EntitySpec(string Name, IReadOnlyList<string> JoinKeys, string? Description = null);

/// <summary>
/// A versioned set of features materialized as the table <c>&lt;NAME&gt;$&lt;VERSION&gt;</c>: the entities' join keys,
/// the timestamp column and the feature columns, read from <see cref="SourceTable"/> or from the output of
/// <see cref="Recipe"/> (run first on each refresh). Refreshed on <see cref="Schedule"/> (cron, UTC).
/// </summary>
/// <param name="Features">The feature columns; empty = every source column except keys, timestamp and <see cref="Exclude"/>.</param>
/// <param name="Exclude">Columns never to hold (labels, leakage), used when <see cref="Features"/> is empty.</param>
public sealed record FeatureViewSpec(
    string Name,
    int Version,
    IReadOnlyList<string> Entities,
    string TimestampColumn,
    string? SourceTable,
    string? Recipe,
    IReadOnlyList<string> Features,
    IReadOnlyList<string>? Exclude = null,
    string Schedule = "0 0 * * *",
    string? Description = null)
{
    /// <summary>The same view with absent lists (from JSON) as empty ones.</summary>
    public FeatureViewSpec Normalized() => this with
    {
        Entities = Entities ?? [], Features = Features ?? [], Exclude = Exclude ?? [], Schedule = string.IsNullOrWhiteSpace(Schedule) ? "0 0 * * *" : Schedule,
        SourceTable = string.IsNullOrWhiteSpace(SourceTable) ? null : SourceTable, Recipe = string.IsNullOrWhiteSpace(Recipe) ? null : Recipe,
    };

    /// <summary>The materialized table, e.g. LOAN_FEATURES_OHE$1.</summary>
    public string TableName => FeatureViewNames.Table(Name, Version);
}

public static class FeatureViewNames
{
    public static string Table(string name, int version) => $"{name}${version.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>
/// A point-in-time training set: for each row of <see cref="SpineTable"/> (keys, timestamp, labels) the latest row of the
/// feature view with the same keys at or before the spine's timestamp — never a later one — written to <see cref="OutputTable"/>.
/// </summary>
/// <param name="Features">Feature columns to bring; empty = all of the view's features.</param>
/// <param name="LabelColumns">Spine columns carried along (labels); the keys and the timestamp always are.</param>
/// <param name="OnDuplicateKeys">
/// What to do when the view holds several rows for the same keys at the timestamp a spine row matches (the join would
/// pair the label with one of them at random): refuse (the default, nothing is written) or write and warn.
/// </param>
public sealed record TrainingSetRequest(
    string SpineTable,
    string SpineTimestampColumn,
    IReadOnlyList<string> LabelColumns,
    string View,
    int Version,
    IReadOnlyList<string> Features,
    string OutputTable,
    DuplicateKeyPolicy OnDuplicateKeys = DuplicateKeyPolicy.Refuse);

/// <summary>A training set's answer to a feature view whose keys are not unique at the spine's timestamps.</summary>
public enum DuplicateKeyPolicy
{
    /// <summary>Write nothing; the refusal names the count of duplicated keys and an example.</summary>
    Refuse,

    /// <summary>Write the set; the result counts the ambiguous rows and names the duplicated keys.</summary>
    Warn,
}
