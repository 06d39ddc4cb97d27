using Amazon.S3;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;

namespace MlopsPortal.Infrastructure.Registry;

/// <summary>Brings artifacts from <c>s3://bucket/key</c> (AWSSDK.S3) or from a path on the server.</summary>
public sealed class ArtifactFetcher(RegistryOptions options, Func<IAmazonS3>? s3Factory = null, S3SettingsStore? s3Settings = null) : IArtifactFetcher
{
    private async Task<IAmazonS3> CreateS3ClientAsync(CancellationToken ct) =>
        s3Factory?.Invoke() ?? S3ClientFactory.Create(s3Settings is null ? options.S3 : await s3Settings.GetAsync(ct));

    public Task<FetchedArtifact> FetchAsync(string location, CancellationToken ct = default) =>
        S3Uri.IsS3(location) ? FetchS3Async(S3Uri.Parse(location), ct) : FetchPathAsync(location, ct);

    private async Task<FetchedArtifact> FetchS3Async(S3Uri uri, CancellationToken ct)
    {
        using var client = await CreateS3ClientAsync(ct);
        try
        {
            using var response = await client.GetObjectAsync(uri.Bucket, uri.Key, ct);
            if (response.ContentLength > RegistryService.MaxArtifactBytes)
                throw new PortalValidationException($"{uri} is larger than {RegistryService.MaxArtifactBytes / (1024 * 1024)} MiB.");
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, ct);
            return new FetchedArtifact(buffer.ToArray(), Path.GetFileName(uri.Key), "S3", uri.ToString());
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new PortalNotFoundException($"{uri} does not exist ({e.ErrorCode ?? "NotFound"}).");
        }
        catch (AmazonS3Exception e)
        {
            throw new PortalValidationException($"Could not read {uri}: {e.ErrorCode} {e.Message}");
        }
    }

    private async Task<FetchedArtifact> FetchPathAsync(string location, CancellationToken ct)
    {
        var path = Path.GetFullPath(location);
        if (options.AllowedPathRoots.Count > 0 && !options.AllowedPathRoots.Any(r => IsUnder(path, r)))
            throw new PortalValidationException($"{path} is outside the folders imports may read ({string.Join(", ", options.AllowedPathRoots)}).");
        if (!File.Exists(path))
            throw new PortalNotFoundException($"There is no file {path} on the server.");
        if (new FileInfo(path).Length > RegistryService.MaxArtifactBytes)
            throw new PortalValidationException($"{path} is larger than {RegistryService.MaxArtifactBytes / (1024 * 1024)} MiB.");
        return new FetchedArtifact(await File.ReadAllBytesAsync(path, ct), Path.GetFileName(path), "Path", path);
    }

    private static bool IsUnder(string path, string root)
    {
        var full = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return path.StartsWith(full, StringComparison.Ordinal);
    }
}
