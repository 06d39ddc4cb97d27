using MlopsPortal.Core.Common;

namespace MlopsPortal.Core.Registry;

/// <summary>Derives a version's signature from the artifact's feature names, or from the names the user gives when it has none.</summary>
public static class SignatureBuilder
{
    public static IReadOnlyList<FeatureSpec> Build(ArtifactInfo artifact, IReadOnlyList<string>? given)
    {
        var names = artifact.FeatureNames is { Count: > 0 } own ? own : null;
        if (given is { Count: > 0 })
        {
            if (names is not null && !names.SequenceEqual(given))
                throw new PortalValidationException(
                    $"The features given differ from the artifact's own: {Describe(names, given)}.");
            names ??= given;
        }
        if (names is null)
            throw new PortalValidationException(
                $"The artifact ({artifact.Format}) carries no feature names: give its {artifact.FeatureCount} features in order (a comma list, a sample CSV header or a table).");
        if (artifact.FeatureCount > 0 && names.Count != artifact.FeatureCount)
            throw new PortalValidationException(
                $"The model has {artifact.FeatureCount} features but {names.Count} names were given.");
        var duplicate = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new PortalValidationException($"Feature '{duplicate.Key}' appears more than once.");
        return names.Select((n, i) => new FeatureSpec(n, FeatureTypes.FromXgboost(artifact.FeatureTypes?.ElementAtOrDefault(i)))).ToList();
    }

    private static string Describe(IReadOnlyList<string> own, IReadOnlyList<string> given)
    {
        if (own.Count != given.Count)
            return $"{own.Count} in the artifact, {given.Count} given";
        var i = Enumerable.Range(0, own.Count).First(k => own[k] != given[k]);
        return $"feature {i + 1} is '{own[i]}' in the artifact, '{given[i]}' given";
    }
}
