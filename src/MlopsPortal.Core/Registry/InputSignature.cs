namespace MlopsPortal.Core.Registry;

/// <summary>One source column a version reads when it scores: a number, or a category (one-hot encoded).</summary>
public sealed record InputColumn(string Name, string Kind)
{
    public const string Number = "number";
    public const string Category = "category";

    public override string ToString() => $"{Name} ({Kind})";
}

/// <summary>
/// A version's input signature: the source-table columns a scoring run reads (after its preprocessing and recipe are
/// traced back), not the model's feature names. Two versions with equal input signatures score the same tables.
/// </summary>
public static class InputSignature
{
    public static IReadOnlyList<InputColumn> Of(PreprocessingSpec preprocessing)
    {
        var columns = new List<InputColumn>();
        foreach (var f in preprocessing.Features)
        {
            if (f.Kind == FeatureSourceKind.Unmapped || f.Column is null) continue;
            var kind = f.Kind == FeatureSourceKind.OneHot ? InputColumn.Category : InputColumn.Number;
            if (!columns.Any(c => string.Equals(c.Name, f.Column, StringComparison.OrdinalIgnoreCase)))
                columns.Add(new InputColumn(f.Column, kind));
        }
        return columns;
    }

    /// <summary>What changes for the tables a consumer scores when it moves from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static SignatureChange Compare(PreprocessingSpec from, PreprocessingSpec to)
    {
        var a = Of(from);
        var b = Of(to);
        InputColumn? In(IReadOnlyList<InputColumn> list, string name) =>
            list.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
        var added = b.Where(c => In(a, c.Name) is null).Select(c => c.ToString()).ToList();
        var missing = a.Where(c => In(b, c.Name) is null).Select(c => c.ToString()).ToList();
        var retyped = b.Where(c => In(a, c.Name) is { } old && old.Kind != c.Kind)
            .Select(c => $"{c.Name} ({In(a, c.Name)!.Kind} → {c.Kind})").ToList();
        return new SignatureChange(added, missing, retyped);
    }
}

/// <summary>How the input signature changes between two versions.</summary>
/// <param name="Added">Columns the new version reads and the current one does not: a table scored today may lack them.</param>
/// <param name="Missing">Columns the current version reads and the new one no longer does.</param>
/// <param name="Retyped">Columns both read, but as a different kind (number ↔ category).</param>
public sealed record SignatureChange(IReadOnlyList<string> Added, IReadOnlyList<string> Missing, IReadOnlyList<string> Retyped)
{
    public static SignatureChange None { get; } = new([], [], []);

    public bool Any => Added.Count + Missing.Count + Retyped.Count > 0;

    public IEnumerable<string> Lines()
    {
        if (Added.Count > 0) yield return "added (the new version reads): " + string.Join(", ", Added);
        if (Missing.Count > 0) yield return "missing (no longer read): " + string.Join(", ", Missing);
        if (Retyped.Count > 0) yield return "retyped: " + string.Join(", ", Retyped);
    }
}
