using MlopsPortal.Core.Common;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.FeatureStore;

/// <summary>Checks a recipe's shape (names, rules' required fields) before any table is read.</summary>
public static class RecipeValidator
{
    /// <summary>Every problem found, each naming what is wrong; empty when the recipe is well formed.</summary>
    public static IReadOnlyList<string> Problems(RetrainingRecipe recipe)
    {
        var problems = new List<string>();
        void Name(string? value, string what)
        {
            if (!Identifier.IsValid(value))
                problems.Add($"{what} '{value}' is not a valid name: use letters, digits and '_', starting with a letter or '_'.");
        }

        Name(recipe.Name, "Recipe name");
        Name(recipe.SourceTable, "Source table");
        Name(recipe.OutputTable, "Output table");
        if (string.Equals(recipe.SourceTable, recipe.OutputTable, StringComparison.OrdinalIgnoreCase))
            problems.Add($"The output table must differ from the source table {recipe.SourceTable}.");
        if (!double.IsFinite(recipe.FillValue))
            problems.Add("The null fill value must be a finite number.");

        for (var i = 0; i < (recipe.Rules?.Count ?? 0); i++)
        {
            var rule = recipe.Rules![i];
            var at = $"Rule {i + 1} ({rule.Column})";
            Name(rule.Column, $"Rule {i + 1}'s column");
            switch (rule.Kind)
            {
                case RuleKind.ValueMap when rule.Map is null || rule.Map.Count == 0:
                    problems.Add($"{at} maps values but lists no mapping.");
                    break;
                case RuleKind.ValueMap when rule.Map.Values.Any(v => v is null):
                    problems.Add($"{at} maps a value to nothing; give every value a replacement.");
                    break;
                case RuleKind.Replace or RuleKind.Remove when rule.Characters is null || rule.Characters.Count == 0 || rule.Characters.Any(string.IsNullOrEmpty):
                    problems.Add($"{at} {(rule.Kind == RuleKind.Replace ? "replaces" : "removes")} characters but lists none (or an empty one).");
                    break;
                case RuleKind.Replace when rule.Replacement is null:
                    problems.Add($"{at} replaces characters but gives no replacement (use Remove to delete them).");
                    break;
                case RuleKind.Cast when rule.CastTo is null:
                    problems.Add($"{at} casts but names no type (Double or Integer).");
                    break;
            }
        }

        foreach (var column in recipe.OneHotColumns ?? [])
            Name(column, "One-hot column");
        foreach (var dup in (recipe.OneHotColumns ?? []).GroupBy(c => c, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            problems.Add($"One-hot column {dup.Key} is listed {dup.Count()} times.");
        return problems;
    }

    /// <summary>Throws <see cref="PortalValidationException"/> listing every problem.</summary>
    public static void Validate(RetrainingRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var problems = Problems(recipe);
        if (problems.Count > 0)
            throw new PortalValidationException($"Recipe '{recipe.Name}' is not valid: " + string.Join(" ", problems));
    }
}
