namespace MlopsPortal.Core.Registry;

/// <summary>A model in the registry: a named family of versions.</summary>
/// <param name="Aliases">Alias → version, user aliases plus the system aliases DEFAULT, FIRST and LAST resolved on read.</param>
public sealed record RegisteredModel(
    string Name,
    string? Comment,
    IReadOnlyDictionary<string, string> Tags,
    string Owner,
    DateTime CreatedAt,
    string? DefaultVersion,
    IReadOnlyList<string> Versions,
    IReadOnlyDictionary<string, string> Aliases);
