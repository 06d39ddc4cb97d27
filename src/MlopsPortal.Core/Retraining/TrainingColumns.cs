using MlopsPortal.Core.Common;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Retraining;

/// <summary>
/// A training run's rules on its table (docs/architecture.md: Core holds the rules, testable without a database): the
/// spec's names and ranges, the label, and the feature list (names and prefixes), each refusal naming what is wrong.
/// </summary>
public static class TrainingColumns
{
    /// <summary>The features and label of <paramref name="spec"/> on <paramref name="table"/> (null: the table does not exist).</summary>
    public static (TableInfo Table, IReadOnlyList<string> Features, ColumnInfo Label) Resolve(TrainingRunSpec spec, TableInfo? table)
    {
        CheckSpec(spec);
        if (table is null)
            throw new PortalValidationException($"There is no table {spec.TrainingTable}.");
        var label = table.Column(Identifier.Validate(spec.Label, "label column name"))
            ?? throw new PortalValidationException($"Table {table.Name} has no label column {spec.Label}.");
        if (!IsNumeric(label.Type))
            throw new PortalValidationException($"The label {label.Name} is a {label.NativeType} column; it must hold 0/1 (or true/false).");
        var features = Select(table, spec.Features, label.Name);
        return (table, features, label);
    }

    /// <summary>Exact names first; an entry ending in <c>*</c> or <c>_</c> that is no column takes every numeric column it prefixes.</summary>
    public static IReadOnlyList<string> Select(TableInfo table, IReadOnlyList<string> entries, string label)
    {
        if (entries.Count == 0)
            throw new PortalValidationException("Choose at least one feature (a column name or a prefix such as LOAN_PURPOSE_NAME_OHE_).");
        var chosen = new List<string>();
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            var exact = table.Column(entry);
            IEnumerable<ColumnInfo> matches;
            if (exact is not null)
                matches = [exact];
            else if (entry.EndsWith('*') || entry.EndsWith('_'))
            {
                var prefix = entry.TrimEnd('*');
                matches = table.Columns.Where(c => c.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && IsNumeric(c.Type)).ToList();
                if (!matches.Any())
                    throw new PortalValidationException($"No numeric column of {table.Name} starts with {prefix}.");
            }
            else
                throw new PortalValidationException($"Table {table.Name} has no column {entry} (end it with * to take every column it prefixes).");
            foreach (var c in matches)
            {
                if (!IsNumeric(c.Type))
                    throw new PortalValidationException($"Feature {c.Name} is a {c.NativeType} column; features must be numeric (one-hot encode text first).");
                if (string.Equals(c.Name, label, StringComparison.OrdinalIgnoreCase))
                    throw new PortalValidationException($"The label {label} cannot also be a feature.");
                if (!chosen.Contains(c.Name, StringComparer.OrdinalIgnoreCase))
                    chosen.Add(c.Name);
            }
        }
        return chosen;
    }

    public static bool IsNumeric(WarehouseType type) => type is WarehouseType.Integer or WarehouseType.Double or WarehouseType.Decimal or WarehouseType.Boolean;

    /// <summary>What the spec must hold before any table is read.</summary>
    public static void CheckSpec(TrainingRunSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.Model)) throw new PortalValidationException("Name the model the new version belongs to.");
        if (string.IsNullOrWhiteSpace(spec.Version)) throw new PortalValidationException("Name the new version (e.g. V2).");
        if (!(spec.TestRatio > 0 && spec.TestRatio < 1))
            throw new PortalValidationException($"The test ratio must be between 0 and 1, exclusive (got {spec.TestRatio}).");
        if (spec.Trainer is not ("auto" or "lightgbm" or "fasttree"))
            throw new PortalValidationException($"Unknown trainer {spec.Trainer}: use auto, lightgbm or fasttree.");
        if (spec.PredictionsTable is { Length: > 0 } p) Identifier.Validate(p, "predictions table name");
        foreach (var k in spec.PredictionKeepColumns) Identifier.Validate(k, "kept column name");
        Identifier.Validate(spec.TrainingTable, "training table name");
    }
}
