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
        IReadOnlyList<string> features = view.Features is { Count: > 0 }
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
        string S(string c) => $"{d.Quote("S")}.{d.Quote(c)}";
        string F(string c) => $"{d.Quote("F")}.{d.Quote(c)}";
        var spineColumns = keys.Append(request.SpineTimestampColumn).Concat(request.LabelColumns).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var taken = spineColumns.Append(TrainingSetColumns.FeatureTimestamp).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var clash = features.FirstOrDefault(taken.Contains);
        if (clash is not null)
            throw new PortalValidationException($"Training set: feature {clash} has the name of a spine column; leave it out of the features or the labels.");

        var select = "SELECT " + string.Join(", ", spineColumns.Select(S)
            .Append($"{F(viewTimestamp)} AS {d.Quote(TrainingSetColumns.FeatureTimestamp)}")
            .Concat(features.Select(f => $"{F(f)} AS {d.Quote(f)}")));
        var keyMatch = string.Join(" AND ", keys.Select(k => $"{S(k)} = {F(k)}"));
        var notLater = $"{S(request.SpineTimestampColumn)} >= {F(viewTimestamp)}";
        var view = d.Quote(FeatureViewNames.Table(request.View, request.Version));
        var join = d.Name.Equals("snowflake", StringComparison.OrdinalIgnoreCase)
            ? $"ASOF JOIN {view} AS {d.Quote("F")} MATCH_CONDITION ({notLater}) ON {keyMatch}"
            : $"ASOF LEFT JOIN {view} AS {d.Quote("F")} ON {keyMatch} AND {notLater}";
        return $"CREATE OR REPLACE TABLE {d.Quote(request.OutputTable)} AS {select} FROM {d.Quote(request.SpineTable)} AS {d.Quote("S")} {join}";
    }
}
