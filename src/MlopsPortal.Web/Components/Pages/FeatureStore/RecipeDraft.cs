using System.Globalization;
using MlopsPortal.Core.FeatureStore;

namespace MlopsPortal.Web.Components.Pages.FeatureStore;

/// <summary>The recipe editor's mutable form state; converts to and from the stored <see cref="RetrainingRecipe"/>.</summary>
public sealed class RecipeDraft
{
    public string Name { get; set; } = "";
    public string SourceTable { get; set; } = "";
    public string OutputTable { get; set; } = "";
    public string? Description { get; set; }
    public List<RuleDraft> Rules { get; set; } = [];
    public IReadOnlyCollection<string> OneHotColumns { get; set; } = [];
    public bool FillNumericNulls { get; set; } = true;
    public double FillValue { get; set; }
    public string? Model { get; set; }
    public string? Version { get; set; }

    public static RecipeDraft From(RetrainingRecipe r) => new()
    {
        Name = r.Name, SourceTable = r.SourceTable, OutputTable = r.OutputTable, Description = r.Description,
        Rules = r.Rules.Select(RuleDraft.From).ToList(), OneHotColumns = r.OneHotColumns.ToList(),
        FillNumericNulls = r.FillNumericNulls, FillValue = r.FillValue, Model = r.Model, Version = r.Version,
    };

    public RetrainingRecipe ToRecipe() => new(
        Name.Trim(), SourceTable.Trim(), OutputTable.Trim(), Rules.Select(r => r.ToRule()).ToList(), OneHotColumns.ToList(),
        FillNumericNulls, FillValue, Description, Model, Version);
}

/// <summary>One rule in the form: a value map is typed one "from=to" per line; characters are typed together, each one counts (spaces too).</summary>
public sealed class RuleDraft
{
    public string Column { get; set; } = "";
    public RuleKind Kind { get; set; } = RuleKind.Replace;
    public string MapText { get; set; } = "";
    public string Characters { get; set; } = "";
    public string Replacement { get; set; } = "_";
    public CastType CastTo { get; set; } = CastType.Double;

    public static RuleDraft From(ColumnRule r) => new()
    {
        Column = r.Column, Kind = r.Kind,
        MapText = string.Join("\n", (r.Map ?? new Dictionary<string, string>()).Select(kv => $"{kv.Key}={kv.Value}")),
        Characters = string.Concat(r.Characters ?? []), Replacement = r.Replacement ?? "_", CastTo = r.CastTo ?? CastType.Double,
    };

    public ColumnRule ToRule() => Kind switch
    {
        RuleKind.ValueMap => new ColumnRule(Column, Kind, Map: ParseMap(MapText)),
        RuleKind.Replace => new ColumnRule(Column, Kind, Characters: Chars(), Replacement: Replacement),
        RuleKind.Remove => new ColumnRule(Column, Kind, Characters: Chars()),
        _ => new ColumnRule(Column, Kind, CastTo: CastTo),
    };

    private List<string> Chars() => Characters.Select(c => c.ToString(CultureInfo.InvariantCulture)).Distinct(StringComparer.Ordinal).ToList();

    private static Dictionary<string, string> ParseMap(string text)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = line.IndexOf('=', StringComparison.Ordinal);
            if (at > 0)
                map[line[..at].Trim()] = line[(at + 1)..].Trim();
        }
        return map;
    }
}
