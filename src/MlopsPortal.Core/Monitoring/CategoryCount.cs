namespace MlopsPortal.Core.Monitoring;

/// <summary>
/// Rows holding one category of a categorical column: <c>SELECT c, COUNT(*)::BIGINT … WHERE c IS NOT NULL GROUP BY c</c>.
/// Categories compare ordinally (case-sensitive), as SQL <c>GROUP BY</c> does.
/// </summary>
public readonly record struct CategoryCount(string Category, long Count);
