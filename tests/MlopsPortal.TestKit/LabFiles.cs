using MlopsPortal.Core.Demo;

namespace MlopsPortal.TestKit;

/// <summary>
/// The lab's two CSV files for tests, read where they live and never copied into the repository:
/// <c>$MLOPS_LAB_DATA</c>, else <c>../shared/lab-data</c> beside the repository. A bare clone has neither, so the
/// demo generator's lab-shaped tables (same schema, same weeks, deterministic) are written once to a temporary folder
/// and used instead; <c>MLOPS_LAB_DATA=demo</c> forces that, to try a bare clone's run on a machine that has the lab.
/// </summary>
public static class LabFiles
{
    public const string Mortgage = "Mortgage_Data.csv";
    public const string NewTraining = "NewTrainingData.csv";

    private static readonly Lazy<(string Directory, bool IsLab)> Located = new(Locate);

    /// <summary>The folder holding <see cref="Mortgage"/> and <see cref="NewTraining"/>.</summary>
    public static string Directory => Located.Value.Directory;

    /// <summary>True when the files are the lab's own; false when they are the demo generator's stand-ins.</summary>
    public static bool IsLab => Located.Value.IsLab;

    /// <summary>Says which data a test ran on, for assertion messages.</summary>
    public static string Source => IsLab ? $"the lab's data in {Directory}" : $"the demo generator's lab-shaped data in {Directory}";

    /// <summary>
    /// A golden file made from the lab's data, or its twin made the same way from the demo stand-in
    /// ("lab_scoring_golden.csv" → "lab_scoring_golden_demo.csv"): the scripts that make goldens take <c>--demo DIR</c>.
    /// </summary>
    public static string Golden(string labGolden) =>
        IsLab ? labGolden : System.IO.Path.GetFileNameWithoutExtension(labGolden) + "_demo" + System.IO.Path.GetExtension(labGolden);

    public static string Path(string file)
    {
        if (file is not (Mortgage or NewTraining))
            throw new ArgumentException($"The lab has {Mortgage} and {NewTraining}, not '{file}'.", nameof(file));
        return System.IO.Path.Combine(Directory, file);
    }

    private static (string, bool) Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("MLOPS_LAB_DATA");
        if (string.Equals(fromEnv, "demo", StringComparison.OrdinalIgnoreCase))
            return (WriteDemo(), false);
        if (!string.IsNullOrEmpty(fromEnv) && HasBoth(fromEnv))
            return (System.IO.Path.GetFullPath(fromEnv), true);
        var beside = RepoRoot() is { } root ? System.IO.Path.GetFullPath(System.IO.Path.Combine(root, "..", "shared", "lab-data")) : null;
        return beside is not null && HasBoth(beside) ? (beside, true) : (WriteDemo(), false);
    }

    private static bool HasBoth(string dir) =>
        File.Exists(System.IO.Path.Combine(dir, Mortgage)) && File.Exists(System.IO.Path.Combine(dir, NewTraining));

    private static string? RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MlopsPortal.sln")))
                return dir.FullName;
        }
        return null;
    }

    /// <summary>
    /// Writes both demo tables once per machine and generator seed; a file is moved into place only when whole, so test
    /// processes running side by side never read a half-written one.
    /// </summary>
    private static string WriteDemo()
    {
        var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"mlops-lab-demo-seed{DemoDataGenerator.DefaultSeed}-v1");
        System.IO.Directory.CreateDirectory(dir);
        foreach (var (file, table) in new[] { (Mortgage, DemoTable.InferenceMortgageData), (NewTraining, DemoTable.NewTrainingData) })
        {
            var path = System.IO.Path.Combine(dir, file);
            if (File.Exists(path))
                continue;
            var partial = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            using (var writer = new StreamWriter(partial))
                DemoCsv.WriteAsync(writer, DemoDataGenerator.Generate(table)).GetAwaiter().GetResult();
            File.Move(partial, path, overwrite: true);
        }
        return dir;
    }
}
