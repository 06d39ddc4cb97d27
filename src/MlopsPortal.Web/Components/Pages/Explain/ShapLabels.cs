using System.Globalization;

namespace MlopsPortal.Web.Components.Pages.Explain;

/// <summary>Feature labels for the SHAP plots: short enough for the label column (never clipped), the full name on hover.</summary>
internal static class ShapLabels
{
    /// <summary>Characters that fit the 230-unit label column at 12 px.</summary>
    public const int MaxChars = 32;

    public static string Fit(string label) => label.Length <= MaxChars ? label : string.Concat(label.AsSpan(0, MaxChars - 1), "…");

    public static string Value(float v) => float.IsNaN(v) ? "missing" : v.ToString("0.###", CultureInfo.InvariantCulture);
}
