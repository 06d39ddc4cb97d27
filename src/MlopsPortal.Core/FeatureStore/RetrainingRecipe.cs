using System.Text.Json.Serialization;

namespace MlopsPortal.Core.FeatureStore;

/// <summary>
/// A retraining recipe: data, stored as JSON. It reads <see cref="SourceTable"/>, applies the cleaning
/// <see cref="Rules"/> in order, one-hot encodes <see cref="OneHotColumns"/> into <c>&lt;COL&gt;_OHE_&lt;value&gt;</c>
/// columns (keeping the originals), fills numeric nulls, and writes <see cref="OutputTable"/>.
/// The whole recipe runs inside the warehouse as one <c>CREATE OR REPLACE TABLE … AS SELECT</c>.
/// </summary>
/// <param name="Model">The model whose version this recipe produced (set by retraining), if any.</param>
/// <param name="Version">The version this recipe produced, if any: a recipe is stored with the version it produces.</param>
public sealed record RetrainingRecipe(
    string Name,
    string SourceTable,
    string OutputTable,
    IReadOnlyList<ColumnRule> Rules,
    IReadOnlyList<string> OneHotColumns,
    bool FillNumericNulls = true,
    double FillValue = 0,
    string? Description = null,
    string? Model = null,
    string? Version = null)
{
    /// <summary>The same recipe with absent lists (from JSON) as empty ones.</summary>
    public RetrainingRecipe Normalized() => this with { Rules = Rules ?? [], OneHotColumns = OneHotColumns ?? [] };
}

/// <summary>What a cleaning rule does to one column.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RuleKind>))]
public enum RuleKind
{
    /// <summary>Whole-value mapping: each key becomes its value; other values are kept.</summary>
    ValueMap,

    /// <summary>Each of <see cref="ColumnRule.Characters"/> is replaced by <see cref="ColumnRule.Replacement"/>.</summary>
    Replace,

    /// <summary>Each of <see cref="ColumnRule.Characters"/> is removed.</summary>
    Remove,

    /// <summary>A numeric cast to <see cref="ColumnRule.CastTo"/>; values that do not parse become null.</summary>
    Cast,
}

/// <summary>The numeric types a cast rule may produce.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CastType>))]
public enum CastType
{
    // CA1720: the member names are the REST/JSON values of a cast rule ("castTo": "Double") and the labels of the
    // recipe editor's select, so they keep the type names they stand for.
#pragma warning disable CA1720
    Double,
    Integer,
#pragma warning restore CA1720
}

/// <summary>One cleaning rule on one column; which fields matter depends on <see cref="Kind"/>.</summary>
public sealed record ColumnRule(
    string Column,
    RuleKind Kind,
    IReadOnlyDictionary<string, string>? Map = null,
    IReadOnlyList<string>? Characters = null,
    string? Replacement = null,
    CastType? CastTo = null)
{
    /// <summary>A short human description, for lists and previews.</summary>
    public string Describe() => Kind switch
    {
        RuleKind.ValueMap => $"{Column}: map " + string.Join(", ", (Map ?? new Dictionary<string, string>()).Select(kv => $"'{kv.Key}'→'{kv.Value}'")),
        RuleKind.Replace => $"{Column}: replace " + string.Join(" ", (Characters ?? []).Select(c => $"'{c}'")) + $" with '{Replacement}'",
        RuleKind.Remove => $"{Column}: remove " + string.Join(" ", (Characters ?? []).Select(c => $"'{c}'")),
        RuleKind.Cast => $"{Column}: cast to {CastTo}",
        _ => Column,
    };
}

/// <summary>The steps a recipe runs; a preview shows the first rows after one of them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RecipeStep>))]
public enum RecipeStep
{
    Source = 0,
    Clean = 1,
    OneHot = 2,
    FillNulls = 3,
}
