using MlopsPortal.Core.Common;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.FeatureStore;

/// <summary>
/// A training set's rules on its described tables (docs/architecture.md: rules in Core, testable without a database):
/// the output is neither input, the spine holds the view's keys, its timestamp and the labels, and the features asked for
/// are the view's (by default all of them but the keys and the timestamp).
/// </summary>
public static class TrainingSetColumns
{
    /// <summary>The column that carries the matched feature row's timestamp in a training set (null when none matched).</summary>
    public const string FeatureTimestamp = "FEATURE_TIMESTAMP";

    public static IReadOnlyList<string> Features(TrainingSetRequest request, FeatureViewSpec view, TableInfo viewTable, TableInfo spine, IReadOnlyList<string> keys)
    {
        if (string.Equals(request.OutputTable, request.SpineTable, StringComparison.OrdinalIgnoreCase) || string.Equals(request.OutputTable, view.TableName, StringComparison.OrdinalIgnoreCase))
            throw new PortalValidationException($"Output table {request.OutputTable} must differ from the spine and the feature view.");
        foreach (var column in keys.Append(request.SpineTimestampColumn).Concat(request.LabelColumns ?? []))
        {
            Identifier.Validate(column, "spine column");
            if (spine.Column(column) is null)
                throw new PortalValidationException($"Spine table {request.SpineTable} has no column {column} (it needs the keys {string.Join(", ", keys)}, the timestamp and the labels).");
        }

        var available = viewTable.Columns.Select(c => c.Name)
            .Where(c => !keys.Contains(c, StringComparer.OrdinalIgnoreCase) && !string.Equals(c, view.TimestampColumn, StringComparison.OrdinalIgnoreCase)).ToList();
        return request.Features is { Count: > 0 }
            ? request.Features.Select(f => available.FirstOrDefault(a => string.Equals(a, f, StringComparison.OrdinalIgnoreCase))
                ?? throw new PortalValidationException($"Feature {f} is not in {view.TableName} (it has {string.Join(", ", available)}).")).ToList()
            : available;
    }
}
