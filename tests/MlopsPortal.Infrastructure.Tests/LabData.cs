using MlopsPortal.TestKit;

namespace MlopsPortal.Infrastructure.Tests;

/// <summary>The lab's CSVs, or the demo generator's lab-shaped stand-ins on a bare clone (<see cref="LabFiles"/>).</summary>
internal static class LabData
{
    public static string Directory => LabFiles.Directory;

    public static string Path(string file) => LabFiles.Path(file);
}
