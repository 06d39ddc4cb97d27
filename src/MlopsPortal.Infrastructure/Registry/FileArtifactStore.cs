using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;

namespace MlopsPortal.Infrastructure.Registry;

/// <summary>Artifacts as files named by their SHA-256 (<c>&lt;dir&gt;/ab/abcdef….bin</c>); written to a temp name, then moved.</summary>
public sealed class FileArtifactStore(string directory) : IArtifactStore
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public async Task SaveAsync(string sha256, byte[] bytes, CancellationToken ct = default)
    {
        var path = PathOf(sha256);
        if (File.Exists(path))
            return;
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temp, bytes, ct);
        try
        {
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public Task<Stream> OpenAsync(string sha256, CancellationToken ct = default)
    {
        var path = PathOf(sha256);
        if (!File.Exists(path))
            throw new PortalNotFoundException($"The artifact {sha256} is missing from {Directory}.");
        return Task.FromResult<Stream>(File.OpenRead(path));
    }

    private string PathOf(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
            throw new PortalValidationException($"'{sha256}' is not a SHA-256 checksum.");
        var sha = sha256.ToLowerInvariant();
        return Path.Combine(Directory, sha[..2], sha + ".bin");
    }
}
