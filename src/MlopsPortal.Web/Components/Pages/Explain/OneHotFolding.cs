namespace MlopsPortal.Web.Components.Pages.Explain;

/// <summary>
/// Which source column a model feature is a one-hot dummy of, for folding SHAP values. The version's recorded mapping
/// decides first (matched without regard to case, since a model's feature names and the mapping may be spelled
/// differently); a feature the mapping does not name is folded into the longest text column of the explained table
/// whose name it starts with followed by "_" (pandas' get_dummies naming, e.g. COUNTY_NAME_Kings into COUNTY_NAME).
/// </summary>
public static class OneHotFolding
{
    public static Func<string, string?> SourceOf(IEnumerable<(string Feature, string Column)> mapped, IEnumerable<string> textColumns)
    {
        var byFeature = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (feature, column) in mapped) byFeature.TryAdd(feature, column);
        var prefixes = textColumns.OrderByDescending(c => c.Length).ToList();
        return feature => byFeature.GetValueOrDefault(feature)
            ?? prefixes.FirstOrDefault(c => feature.Length > c.Length + 1 && feature.StartsWith(c + "_", StringComparison.OrdinalIgnoreCase));
    }
}
