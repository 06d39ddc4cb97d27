namespace MlopsPortal.Core.Registry;

/// <summary>Reads a model artifact with the tree engine; throws <see cref="Common.PortalValidationException"/> when it is corrupt or unsupported.</summary>
public interface IModelArtifactReader
{
    ArtifactInfo Read(byte[] artifact, string fileName);

    /// <summary>The model as XGBoost JSON (loads with <c>xgb.Booster(model_file=…)</c>), named with <paramref name="featureNames"/>.</summary>
    string ToXgboostJson(byte[] artifact, IReadOnlyList<string> featureNames);
}

/// <param name="Format">e.g. xgboost-json, xgboost-ubjson, xgboost-binary, sagemaker-tar.gz.</param>
/// <param name="FeatureNames">Null when the artifact carries none (XGBoost's legacy binary).</param>
public sealed record ArtifactInfo(
    string Format,
    string Objective,
    int FeatureCount,
    IReadOnlyList<string>? FeatureNames,
    IReadOnlyList<string>? FeatureTypes,
    int Trees,
    bool IsSageMaker);

/// <summary>Keeps the original bytes of artifacts, addressed by their SHA-256.</summary>
public interface IArtifactStore
{
    Task SaveAsync(string sha256, byte[] bytes, CancellationToken ct = default);

    /// <summary>Throws <see cref="Common.PortalNotFoundException"/> when missing.</summary>
    Task<Stream> OpenAsync(string sha256, CancellationToken ct = default);
}

/// <summary>Brings an artifact from a server path or <c>s3://bucket/key</c>.</summary>
public interface IArtifactFetcher
{
    Task<FetchedArtifact> FetchAsync(string location, CancellationToken ct = default);
}

/// <param name="Kind">Path or S3.</param>
public sealed record FetchedArtifact(byte[] Bytes, string FileName, string Kind, string Uri);

/// <summary>What the import wizard shows about an artifact before anything is saved.</summary>
public sealed record ArtifactInspection(ArtifactInfo Info, string FileName, string SourceKind, string Uri, string Sha256, long SizeBytes);
