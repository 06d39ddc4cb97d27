using System.Text.Json.Nodes;

namespace MlopsPortal.Core.Registry;

/// <summary>Everything needed to register a version. Exactly one of <see cref="Upload"/> or <see cref="Location"/>.</summary>
/// <param name="Location">A server path or <c>s3://bucket/key</c>.</param>
/// <param name="Features">Feature names when the artifact has none (or to confirm them): from the user, a sample CSV header or a table.</param>
/// <param name="Preprocessing">The mapping to warehouse columns; identity (raw columns named like the features) when null.</param>
/// <param name="MappingTable">When no <paramref name="Preprocessing"/> is given, map the features onto this table's columns.</param>
/// <param name="Origin">Where the artifact really came from when it is uploaded by the portal itself (a training run).</param>
/// <param name="Recipe">When no <paramref name="Preprocessing"/> is given, the recipe the model was trained through: the version
/// carries it and scores raw tables through it (<see cref="PreprocessingSpec.Recipe"/>); <paramref name="RecipeLevels"/> are the
/// recipe's one-hot levels (the cleaned values of its source), else each level is read from its feature name.</param>
/// <param name="Tags">Model tags: set on a new model, merged into an existing one.</param>
public sealed record ImportVersionRequest(
    string Model,
    string Version,
    ArtifactUpload? Upload = null,
    string? Location = null,
    string? Comment = null,
    IReadOnlyList<string>? Features = null,
    PreprocessingSpec? Preprocessing = null,
    JsonObject? Metrics = null,
    string? Task = null,
    IReadOnlyDictionary<string, string>? Tags = null,
    string? ModelComment = null,
    string? MappingTable = null,
    ModelOrigin? Origin = null,
    FeatureStore.RetrainingRecipe? Recipe = null,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? RecipeLevels = null);

/// <summary>Overrides the recorded source of an uploaded artifact, e.g. <c>Trained</c> with the training run that made it.</summary>
public sealed record ModelOrigin(string Kind, string? Uri);

/// <summary>An artifact sent by the browser or the API; the stream is read once.</summary>
public sealed record ArtifactUpload(Stream Content, string FileName);

/// <summary>Parses the comma list of features the API and the wizard accept (also a CSV header line).</summary>
public static class FeatureList
{
    public static IReadOnlyList<string> Parse(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : text.Split(',').Select(f => f.Trim().Trim('"')).Where(f => f.Length > 0).ToList();
}
