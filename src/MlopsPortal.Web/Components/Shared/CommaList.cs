namespace MlopsPortal.Web.Components.Shared;

/// <summary>The forms' "comma-separated" fields: names trimmed, empty entries dropped.</summary>
public static class CommaList
{
    public static List<string> Parse(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
