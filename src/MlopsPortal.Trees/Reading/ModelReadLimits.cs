namespace MlopsPortal.Trees.Reading;

/// <summary>
/// What a model artifact may hold, checked while it is read so that no artifact can exhaust memory (a gzip bomb)
/// or the stack of a recursive tree walk later (SQL compilation, explanations): past a limit the load fails with a
/// <see cref="ModelFormatException"/> naming the limit and what was found.
/// </summary>
/// <param name="MaxDecompressedBytes">Bytes a gzip or tar member may inflate to (default 512 MiB).</param>
/// <param name="MaxTreeDepth">Deepest root-to-leaf path of any tree (default 256; XGBoost's usual max_depth is 6).</param>
/// <param name="MaxNodes">Nodes of all trees together (default 20 million).</param>
public sealed record ModelReadLimits(long MaxDecompressedBytes = 512L * 1024 * 1024, int MaxTreeDepth = 256, long MaxNodes = 20_000_000)
{
    public static ModelReadLimits Default { get; } = new();
}
