namespace MlopsPortal.Core.Alerts;

/// <summary>How a metric value is compared to an alert threshold: a point breaches when "value comparator threshold" holds.</summary>
public enum Comparator
{
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
}

/// <summary>Parsing, printing and applying <see cref="Comparator"/>.</summary>
public static class Comparators
{
    /// <summary>Parses "&lt;", "&lt;=", "&gt;", "&gt;=" (surrounding spaces ignored).</summary>
    public static Comparator Parse(string symbol) => symbol?.Trim() switch
    {
        "<" => Comparator.LessThan,
        "<=" => Comparator.LessThanOrEqual,
        ">" => Comparator.GreaterThan,
        ">=" => Comparator.GreaterThanOrEqual,
        _ => throw new ArgumentException($"Unknown comparator '{symbol}'; use one of <, <=, >, >=.", nameof(symbol)),
    };

    /// <summary>The comparator's symbol.</summary>
    public static string Symbol(this Comparator comparator) => comparator switch
    {
        Comparator.LessThan => "<",
        Comparator.LessThanOrEqual => "<=",
        Comparator.GreaterThan => ">",
        Comparator.GreaterThanOrEqual => ">=",
        _ => throw new ArgumentOutOfRangeException(nameof(comparator), comparator, "Unknown comparator."),
    };

    /// <summary>True when "<paramref name="value"/> comparator <paramref name="threshold"/>" holds; NaN never holds.</summary>
    public static bool Holds(this Comparator comparator, double value, double threshold) => comparator switch
    {
        Comparator.LessThan => value < threshold,
        Comparator.LessThanOrEqual => value <= threshold,
        Comparator.GreaterThan => value > threshold,
        Comparator.GreaterThanOrEqual => value >= threshold,
        _ => throw new ArgumentOutOfRangeException(nameof(comparator), comparator, "Unknown comparator."),
    };
}
