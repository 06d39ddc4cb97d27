using Amazon.S3;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Security;

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

    /// <summary>
    /// A file on the server: only when Registry:AllowedPathRoots names folders, only a regular file whose real path
    /// (every symbolic link resolved) lies under one of them, and read no further than the size it declared.
    /// </summary>
    private async Task<FetchedArtifact> FetchPathAsync(string location, CancellationToken ct)
    {
        if (options.AllowedPathRoots.Count == 0)
            throw new PortalForbiddenException("Importing from a path on the server is off: an administrator must name the folders it may read in Registry:AllowedPathRoots. Upload the file or give an s3:// address instead.");
        var path = ServerPath.Resolve(location);
        if (!options.AllowedPathRoots.Any(r => ServerPath.IsUnder(path, ServerPath.Resolve(r))))
            throw new PortalForbiddenException($"{location} is outside the folders imports may read (Registry:AllowedPathRoots: {string.Join(", ", options.AllowedPathRoots)}).");
        var info = new FileInfo(path);
        if (Directory.Exists(path))
            throw new PortalValidationException($"{location} is a folder, not a model file.");
        if (!info.Exists)
            throw new PortalNotFoundException($"There is no file {location} on the server.");
        // Devices (/dev/zero), pipes and /proc files declare no size: only regular files with content are read.
        if (info.Length == 0)
            throw new PortalValidationException($"{location} is empty or not a regular file (a device, pipe or /proc file declares no size).");
        if (info.Length > RegistryService.MaxArtifactBytes)
            throw new PortalValidationException($"{location} is larger than {RegistryService.MaxArtifactBytes / (1024 * 1024)} MiB.");
        var bytes = new byte[info.Length];
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous))
        {
            await stream.ReadExactlyAsync(bytes, ct);
            if (stream.ReadByte() != -1)
                throw new PortalValidationException($"{location} holds more than the {info.Length:N0} bytes it declared: not a regular file, or still being written.");
        }
        return new FetchedArtifact(bytes, Path.GetFileName(path), "Path", path);
    }
}
