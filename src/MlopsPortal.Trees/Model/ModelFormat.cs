namespace MlopsPortal.Trees.Model;

/// <summary>The serialisation an ensemble was read from.</summary>
public enum ModelFormat
{
    /// <summary>Built in memory (e.g. converted from another trainer).</summary>
    InMemory,
    Json,
    UniversalBinaryJson,
    LegacyBinary,
    LegacyBinaryPre10,
}
