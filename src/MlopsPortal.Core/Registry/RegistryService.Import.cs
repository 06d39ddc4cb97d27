using System.Text.Json.Nodes;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Security;

namespace MlopsPortal.Core.Registry;

public sealed partial class RegistryService
{
    /// <summary>
    /// Reads the artifact with the engine, derives the signature, checks the mapping, keeps the original bytes and
    /// registers the version (creating the model when new). Bad input throws before anything is written.
    /// </summary>
    public async Task<ModelVersion> ImportVersionAsync(ImportVersionRequest request, CancellationToken ct = default)
    {
        var user = await currentUser.RequireAsync(Role.DataScientist, "import models");
        var model = RegistryNames.Canonical(request.Model, "model");
        var versionName = RegistryNames.Canonical(request.Version, "version");
        var tags = RegistryNames.Tags(request.Tags);
        var existing = await store.GetModelAsync(model, ct);
        if (existing?.Versions.Contains(versionName) == true)
            throw new PortalValidationException($"Model {model} already has a version {versionName}.");

        var (bytes, fileName, kind, uri) = await ReadArtifactAsync(request.Upload, request.Location, ct);
        var info = reader.Read(bytes, fileName);
        var signature = SignatureBuilder.Build(info, request.Features);
        var spec = request.Preprocessing;
        if (spec is null && request.Recipe is { } recipe)
            spec = FeatureStore.RecipePreprocessing.Build(recipe, signature.Select(f => f.Name).ToList(), request.RecipeLevels);
        if (spec is null && !string.IsNullOrWhiteSpace(request.MappingTable))
            spec = await (mapping ?? throw new InvalidOperationException("No feature mapping service is registered."))
                .MapAsync(signature.Select(f => f.Name).ToList(), request.MappingTable, ct);
        var preprocessing = CheckPreprocessing(spec, signature);
        var sha = Sha256(bytes);
        var source = new ModelSource(request.Origin?.Kind ?? (info.IsSageMaker ? "SageMaker" : kind), request.Origin?.Uri ?? uri, info.Format, sha, bytes.LongLength, fileName);
        var version = new ModelVersion(
            model, versionName, request.Comment, request.Metrics ?? new JsonObject(),
            request.Task ?? ModelTasks.TabularBinaryClassification, signature, preprocessing, source,
            user.UserName, _time.GetUtcNow().UtcDateTime, []);

        await artifacts.SaveAsync(sha, bytes, ct);
        await store.AddVersionAsync(new NewModelVersion(version, request.ModelComment ?? request.Comment, tags), ct);
        return await store.GetVersionAsync(model, versionName, ct) ?? version;
    }

    /// <summary>Reads an artifact without registering it: format, objective, trees and feature names (for the import wizard).</summary>
    public async Task<ArtifactInspection> InspectAsync(ArtifactUpload? upload, string? location, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.DataScientist, "import models");
        var (bytes, fileName, kind, uri) = await ReadArtifactAsync(upload, location, ct);
        var info = reader.Read(bytes, fileName);
        return new ArtifactInspection(info, fileName, info.IsSageMaker ? "SageMaker" : kind, uri, Sha256(bytes), bytes.LongLength);
    }

    private async Task<(byte[] Bytes, string FileName, string Kind, string Uri)> ReadArtifactAsync(ArtifactUpload? upload0, string? location, CancellationToken ct)
    {
        if ((upload0 is null) == string.IsNullOrWhiteSpace(location))
            throw new PortalValidationException("Give exactly one artifact source: an uploaded file, a server path or an s3:// URI.");
        if (upload0 is { } upload)
        {
            using var buffer = new MemoryStream();
            await upload.Content.CopyToAsync(buffer, ct);
            if (buffer.Length > MaxArtifactBytes)
                throw new PortalValidationException($"The artifact is larger than {MaxArtifactBytes / (1024 * 1024)} MiB.");
            if (buffer.Length == 0)
                throw new PortalValidationException($"The uploaded artifact {upload.FileName} is empty.");
            var name = Path.GetFileName(upload.FileName);
            return (buffer.ToArray(), name, "Upload", name);
        }
        var fetched = await fetcher.FetchAsync(location!.Trim(), ct);
        if (fetched.Bytes.Length == 0)
            throw new PortalValidationException($"The artifact at {fetched.Uri} is empty.");
        return (fetched.Bytes, fetched.FileName, fetched.Kind, fetched.Uri);
    }

    private static PreprocessingSpec CheckPreprocessing(PreprocessingSpec? spec, IReadOnlyList<FeatureSpec> signature)
    {
        if (spec is null)
            return PreprocessingSpec.Identity(signature);
        var names = spec.Features.Select(f => f.Feature).ToList();
        if (!names.SequenceEqual(signature.Select(f => f.Name), StringComparer.OrdinalIgnoreCase))
            throw new PortalValidationException("The feature mapping does not list the model's features in the model's order.");
        var unmapped = spec.Unmapped.ToList();
        if (unmapped.Count > 0)
            throw new PortalValidationException($"These features map to no column: {string.Join(", ", unmapped)}.");
        return spec;
    }
}
