using System.Globalization;

namespace MlopsPortal.Web.Components.Shared;

/// <summary>
/// How a warehouse value reads in a preview table cell: ∅ for NULL, everything in the invariant culture, timestamps and
/// doubles in the given formats (a null <see cref="DoubleFormat"/> leaves doubles at their shortest round-trip text).
/// </summary>
public sealed record CellFormat(string DateTimeFormat, string? DoubleFormat = null)
{
    public string Format(object? value) => value switch
    {
        null => "∅",
        DateTime d => d.ToString(DateTimeFormat, CultureInfo.InvariantCulture),
        double x when DoubleFormat is not null => x.ToString(DoubleFormat, CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
