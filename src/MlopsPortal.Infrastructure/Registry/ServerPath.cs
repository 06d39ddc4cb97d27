using MlopsPortal.Core.Common;

namespace MlopsPortal.Infrastructure.Registry;

/// <summary>Real paths on the server: every symbolic link along the path resolved, so a link cannot lead out of a root.</summary>
public static class ServerPath
{
    private const int MaxLinks = 40; // as Linux's own limit (ELOOP)

    public static string Resolve(string location)
    {
        var path = Path.GetFullPath(location);
        for (var links = 0; ; links++)
        {
            if (links > MaxLinks)
                throw new PortalValidationException($"{location} goes through more than {MaxLinks} symbolic links.");
            if (FirstLink(path) is not { } resolved)
                return path;
            path = resolved;
        }
    }

    /// <summary>The path with its first symbolic link replaced by the link's target, or null when it has none.</summary>
    private static string? FirstLink(string path)
    {
        var root = Path.GetPathRoot(path) ?? "/";
        var parts = path[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            if (new FileInfo(next).LinkTarget is { } target)
                return Path.GetFullPath(Path.Combine([Path.GetFullPath(target, current), .. parts[(i + 1)..]]));
            current = next;
        }
        return null;
    }

    public static bool IsUnder(string path, string root)
    {
        var prefix = root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }
}
