using System.Runtime.CompilerServices;

namespace MlopsPortal.Infrastructure.Tests.SnowflakeNative;

/// <summary>
/// Compares a generated statement with Goldens/&lt;name&gt;.sql next to the tests. The goldens were written from
/// reference/snowflake.md and docs/lab-workflow.md and reviewed by hand; MLOPS_UPDATE_GOLDENS=1 rewrites them from the current
/// output (review the diff before committing).
/// </summary>
internal static class SqlGolden
{
    public static void Match(string actual, string name, [CallerFilePath] string testFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(testFile)!, "Goldens", name + ".sql");
        var normalized = actual.ReplaceLineEndings("\n").TrimEnd() + "\n";
        if (Environment.GetEnvironmentVariable("MLOPS_UPDATE_GOLDENS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, normalized);
        }

        Assert.True(File.Exists(path), $"golden {path} is missing");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), normalized);
    }

    public static void Match(IEnumerable<string> statements, string name, [CallerFilePath] string testFile = "") =>
        Match(string.Join(";\n", statements) + ";", name, testFile);
}
