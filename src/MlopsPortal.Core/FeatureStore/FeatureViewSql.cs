using MlopsPortal.Core.Common;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.FeatureStore;

/// <summary>SQL of the feature store: materializing a view and the point-in-time (ASOF) training-set join.</summary>
public static class FeatureViewSql
{
    /// <summary>The view's feature columns, resolved against the source's columns (source spelling kept).</summary>
    public static IReadOnlyList<string> ResolveFeatures(FeatureViewSpec view, IReadOnlyList<string> keys, IReadOnlyList<string> sourceColumns, string source)
    {
        string Find(string name, string what) =>
            sourceColumns.FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new PortalValidationException($"Feature view {view.Name}: {what} {name} is not a column of {source} (it has {string.Join(", ", sourceColumns)}).");

        IEnumerable<string> Matching(string pattern)
        {
            var matched = sourceColumns.Where(c => FeaturePattern.Matches(pattern, c)).ToList();
            return matched.Count > 0 ? matched
                : throw new PortalValidationException($"Feature view {view.Name}: pattern {pattern} matches no column of {source}.");
        }

        var fixedColumns = keys.Select(k => Find(k, "join key")).Append(Find(view.TimestampColumn, "timestamp column")).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var excluded = (view.Exclude ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var features = view.Features is { Count: > 0 }
            ? view.Features.SelectMany(f => FeaturePattern.IsPattern(f) ? Matching(f) : [Find(f, "feature")])
                .Where(f => !fixedColumns.Contains(f) && !excluded.Contains(f)).Distinct(StringComparer.OrdinalIgnoreCase).ToList()
            : sourceColumns.Where(c => !fixedColumns.Contains(c) && !excluded.Contains(c)).ToList();
        if (features.Count == 0)
            throw new PortalValidationException($"Feature view {view.Name} holds no feature column besides its keys and timestamp.");
        return features;
    }

    /// <summary><c>CREATE OR REPLACE TABLE "NAME$VERSION" AS SELECT keys, timestamp, features FROM source</c>.</summary>
    public static string Materialize(FeatureViewSpec view, IReadOnlyList<string> keys, IReadOnlyList<string> features, string source, ISqlDialect d) =>
        $"CREATE OR REPLACE TABLE {d.Quote(view.TableName)} AS SELECT "
        + string.Join(", ", keys.Append(view.TimestampColumn).Concat(features).Select(d.Quote))
        + $" FROM {d.Quote(source)}";

    /// <summary>
    /// The training-set statement: each spine row joined with the latest feature row at or before its timestamp for the
    /// same keys (ASOF LEFT JOIN: spine rows without such a row keep nulls). Snowflake spells it with MATCH_CONDITION.
    /// </summary>
    public static string TrainingSet(TrainingSetRequest request, IReadOnlyList<string> keys, string viewTimestamp, IReadOnlyList<string> features, ISqlDialect d)
    {
        var spineColumns = SpineColumns(request, keys);
        var taken = spineColumns.Append(TrainingSetColumns.FeatureTimestamp).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var clash = features.FirstOrDefault(taken.Contains);
        if (clash is not null)
            throw new PortalValidationException($"Training set: feature {clash} has the name of a spine column; leave it out of the features or the labels.");
        return $"CREATE OR REPLACE TABLE {d.Quote(request.OutputTable)} AS {AsofSelect(request, spineColumns, viewTimestamp, features, keys, d)}";
    }

    /// <summary>
    /// The key check run before a training set is written (docs/metrics.md, "Training sets"): the ASOF join's keys and
    /// matched timestamp, joined with the view's (keys, timestamp) groups that hold more than one row. One row:
    /// SPINE_ROWS, WITH_FEATURES (a feature row found), AMBIGUOUS (the found row's keys and timestamp are not unique).
    /// </summary>
    public static string TrainingSetKeyCounts(TrainingSetRequest request, IReadOnlyList<string> keys, string viewTimestamp, ISqlDialect d) =>
        $"{KeyCheckCtes(request, keys, viewTimestamp, d)} SELECT COUNT(*) AS {d.Quote("SPINE_ROWS")}, COUNT({d.Quote("J")}.{d.Quote(TrainingSetColumns.FeatureTimestamp)}) AS {d.Quote("WITH_FEATURES")}, "
        + $"COUNT({d.Quote("D")}.{d.Quote(DuplicateRows)}) AS {d.Quote("AMBIGUOUS")} FROM {d.Quote("J")} LEFT JOIN {d.Quote("D")} ON {KeyCheckJoin(keys, d)}";

    /// <summary>
    /// The duplicated (keys, timestamp) groups the spine's rows match, most rows first: the keys, the timestamp as
    /// FEATURE_TIMESTAMP, DUPLICATE_ROWS (view rows in the group), SPINE_ROWS (spine rows matching it) and GROUPS (how
    /// many such groups in all), at most <paramref name="limit"/> rows.
    /// </summary>
    public static string TrainingSetDuplicateKeys(TrainingSetRequest request, IReadOnlyList<string> keys, string viewTimestamp, ISqlDialect d, int limit)
    {
        var groupBy = keys.Append(TrainingSetColumns.FeatureTimestamp).Append(DuplicateRows).Select(c => $"{d.Quote("D")}.{d.Quote(c)}").ToList();
        var order = new[] { $"{d.Quote("D")}.{d.Quote(DuplicateRows)} DESC" }.Concat(keys.Append(TrainingSetColumns.FeatureTimestamp).Select(c => $"{d.Quote("D")}.{d.Quote(c)}"));
        return $"{KeyCheckCtes(request, keys, viewTimestamp, d)} SELECT {string.Join(", ", groupBy)}, COUNT(*) AS {d.Quote("SPINE_ROWS")}, "
            + $"COUNT(*) OVER () AS {d.Quote("GROUPS")} FROM {d.Quote("J")} JOIN {d.Quote("D")} ON {KeyCheckJoin(keys, d)} "
            + $"GROUP BY {string.Join(", ", groupBy)} ORDER BY {string.Join(", ", order)} LIMIT {limit}";
    }

    /// <summary>The column of <see cref="TrainingSetDuplicateKeys"/> with the view rows sharing keys and timestamp.</summary>
    public const string DuplicateRows = "DUPLICATE_ROWS";

    private static List<string> SpineColumns(TrainingSetRequest request, IReadOnlyList<string> keys) =>
        keys.Append(request.SpineTimestampColumn).Concat(request.LabelColumns).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static string KeyCheckCtes(TrainingSetRequest request, IReadOnlyList<string> keys, string viewTimestamp, ISqlDialect d)
    {
        var view = d.Quote(FeatureViewNames.Table(request.View, request.Version));
        var keyList = string.Join(", ", keys.Select(d.Quote));
        return $"WITH {d.Quote("J")} AS ({AsofSelect(request, keys.ToList(), viewTimestamp, [], keys, d)}), "
            + $"{d.Quote("D")} AS (SELECT {keyList}, {d.Quote(viewTimestamp)} AS {d.Quote(TrainingSetColumns.FeatureTimestamp)}, COUNT(*) AS {d.Quote(DuplicateRows)} "
            + $"FROM {view} GROUP BY {keyList}, {d.Quote(viewTimestamp)} HAVING COUNT(*) > 1)";
    }

    private static string KeyCheckJoin(IReadOnlyList<string> keys, ISqlDialect d) =>
        string.Join(" AND ", keys.Append(TrainingSetColumns.FeatureTimestamp).Select(c => $"{d.Quote("J")}.{d.Quote(c)} = {d.Quote("D")}.{d.Quote(c)}"));

    private static string AsofSelect(TrainingSetRequest request, IReadOnlyList<string> spineColumns, string viewTimestamp, IReadOnlyList<string> features, IReadOnlyList<string> keys, ISqlDialect d)
    {
        string S(string c) => $"{d.Quote("S")}.{d.Quote(c)}";
        string F(string c) => $"{d.Quote("F")}.{d.Quote(c)}";
        var select = "SELECT " + string.Join(", ", spineColumns.Select(S)
            .Append($"{F(viewTimestamp)} AS {d.Quote(TrainingSetColumns.FeatureTimestamp)}")
            .Concat(features.Select(f => $"{F(f)} AS {d.Quote(f)}")));
        var keyMatch = string.Join(" AND ", keys.Select(k => $"{S(k)} = {F(k)}"));
        var notLater = $"{S(request.SpineTimestampColumn)} >= {F(viewTimestamp)}";
        var view = d.Quote(FeatureViewNames.Table(request.View, request.Version));
        var join = d.AsofLeftJoin(view, d.Quote("F"), keyMatch, notLater);
        return $"{select} FROM {d.Quote(request.SpineTable)} AS {d.Quote("S")} {join}";
    }
}
