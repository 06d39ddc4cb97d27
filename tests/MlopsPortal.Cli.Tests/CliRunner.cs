using System.Globalization;

namespace MlopsPortal.Cli.Tests;

/// <summary>Runs <c>mlops</c> in-process and captures its output.</summary>
internal static class CliRunner
{
    public static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter(CultureInfo.InvariantCulture);
        var stderr = new StringWriter(CultureInfo.InvariantCulture);
        int code = await CliApp.RunAsync(args, stdout, stderr, TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string TempFile(string name) =>
        Path.Combine(Directory.CreateTempSubdirectory("mlops-cli-").FullName, name);

    public static float[][] ReadCsv(string path, out string[] header)
    {
        var lines = File.ReadAllLines(path);
        header = lines[0].Split(',');
        return lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select(c => c.Length == 0 ? float.NaN : float.Parse(c, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
    }
}
