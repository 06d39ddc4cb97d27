namespace MlopsPortal.Infrastructure.Tests;

/// <summary>The lab's CSVs, read where they live (../shared/lab-data beside the repository); never copied into it.</summary>
internal static class LabData
{
    public static string? Directory { get; } = Find();

    public static string Path(string file)
    {
        if (Directory is null)
            Assert.Skip("The lab data (../shared/lab-data beside the repository, or MLOPS_LAB_DATA) is not present on this machine.");
        return System.IO.Path.Combine(Directory, file);
    }

    private static string? Find()
    {
        var fromEnv = Environment.GetEnvironmentVariable("MLOPS_LAB_DATA");
        if (!string.IsNullOrEmpty(fromEnv) && System.IO.Directory.Exists(fromEnv))
            return fromEnv;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "..", "shared", "lab-data");
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MlopsPortal.sln")) && System.IO.Directory.Exists(candidate))
                return System.IO.Path.GetFullPath(candidate);
        }
        return null;
    }
}
