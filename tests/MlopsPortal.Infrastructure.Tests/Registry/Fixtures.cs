namespace MlopsPortal.Infrastructure.Tests.Registry;

/// <summary>The engine's golden artifacts (tests/MlopsPortal.Trees.Tests/Fixtures), made by its make_fixtures.py.</summary>
public static class Fixtures
{
    public static string Dir { get; } = Path.Combine(RepoRoot(), "tests", "MlopsPortal.Trees.Tests", "Fixtures");

    public static string Path_(string name) => Path.Combine(Dir, name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path_(name));

    /// <summary>The lab model's features, from its sample input's header.</summary>
    public static string LabHeader => File.ReadLines(Path_("lab.input.csv")).First();

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MlopsPortal.sln")))
                return dir.FullName;
        throw new InvalidOperationException("MlopsPortal.sln not found above " + AppContext.BaseDirectory);
    }
}
