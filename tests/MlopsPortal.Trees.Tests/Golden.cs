using System.Globalization;
using MlopsPortal.Trees.Model;
using MlopsPortal.Trees.Reading;

namespace MlopsPortal.Trees.Tests;

/// <summary>Access to the committed fixtures written by Fixtures/make_fixtures.py (XGBoost 1.7.4).</summary>
internal static class Golden
{
    public static readonly string[] AllModels =
    [
        "default", "deep_wide", "nan_heavy", "base_score", "scale_pos_weight", "pandas_names", "categorical", "dart",
        "reg_logistic", "logitraw", "lab",
    ];

    public static string Dir => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string PathOf(string file) => Path.Combine(Dir, file);

    /// <summary>Every committed artifact of the model: .json, .ubj, .bin (when written) and .tar.gz.</summary>
    public static IEnumerable<string> Artifacts(string model) =>
        ArtifactExtensions.Select(e => model + e).Where(f => File.Exists(PathOf(f)));

    private static readonly string[] ArtifactExtensions = [".json", ".ubj", ".bin", ".tar.gz"];

    public static TreeEnsemble Load(string file) => ModelLoader.Load(PathOf(file));

    public static (string[] Header, float[][] Rows) Csv(string file)
    {
        var lines = File.ReadAllLines(PathOf(file));
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',').Select(ParseCell).ToArray()).ToArray();
        return (header, rows);
    }

    public static float ParseCell(string s) =>
        s.Length == 0 ? float.NaN : float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static float[] Input(string model) => Csv(model + ".input.csv").Rows.SelectMany(r => r).ToArray();

    public static (float[] Margin, float[] Proba) Expected(string model)
    {
        var rows = Csv(model + ".expected.csv").Rows;
        return (rows.Select(r => r[0]).ToArray(), rows.Select(r => r[1]).ToArray());
    }

    public static float[][] Contribs(string model) => Csv(model + ".contribs.csv").Rows;
}
