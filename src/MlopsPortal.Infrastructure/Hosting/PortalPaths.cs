using Microsoft.Extensions.Configuration;

namespace MlopsPortal.Infrastructure.Hosting;

/// <summary>Where the portal keeps its files: the warehouse, job storage, logs, keys, artifacts.</summary>
public static class PortalPaths
{
    public const string DataDirKey = "MLOPS_DATA_DIR";
    public const string DefaultDataDir = "./data/local";

    public static string DataDirectory(IConfiguration configuration)
    {
        var dir = Path.GetFullPath(configuration[DataDirKey] is { Length: > 0 } configured ? configured : DefaultDataDir);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
