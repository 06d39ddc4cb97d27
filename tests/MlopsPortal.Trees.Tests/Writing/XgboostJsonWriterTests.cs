using System.Diagnostics;
using System.Globalization;
using MlopsPortal.Trees.Explaining;
using MlopsPortal.Trees.Prediction;
using MlopsPortal.Trees.Reading;
using MlopsPortal.Trees.Writing;

namespace MlopsPortal.Trees.Tests.Writing;

public sealed class XgboostJsonWriterTests
{
    public static TheoryData<string> Models() => new(Golden.AllModels);

    [Theory]
    [MemberData(nameof(Models))]
    public void Written_json_reads_back_to_identical_predictions_and_contributions(string model)
    {
        var original = Golden.Load(model + ".ubj");
        var json = XgboostJsonWriter.ToJson(original);
        var reread = ModelLoader.Load(System.Text.Encoding.UTF8.GetBytes(json));
        var x = Golden.Input(model);
        Assert.Equal(new Predictor(original).PredictMargins(x), new Predictor(reread).PredictMargins(x));
        Assert.Equal(new TreeShapExplainer(original).Explain(x), new TreeShapExplainer(reread).Explain(x));
        Assert.Equal(original.FeatureNames, reread.FeatureNames);
        Assert.Equal(original.Objective, reread.Objective);
    }

    [Fact]
    public void Xgboost_loads_the_written_json_and_predicts_identically()
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python) || Run(python, "-c \"import xgboost\"").ExitCode != 0)
        {
            Assert.Skip("Optional check skipped: /usr/bin/python3 with xgboost is not installed here; the round-trip tests still run.");
        }

        string[] models = ["default", "categorical", "dart", "logitraw", "lab", "pandas_names"];
        string dir = Directory.CreateTempSubdirectory("mlops-writer-").FullName;
        try
        {
            var args = new List<string>();
            foreach (var model in models)
            {
                string path = Path.Combine(dir, model + ".json");
                XgboostJsonWriter.Write(Golden.Load(model + ".json"), path);
                args.Add($"\"{path}\" \"{Golden.PathOf(model + ".input.csv")}\"");
            }

            string script = Path.Combine(AppContext.BaseDirectory, "Writing", "check_written_model.py");
            var (code, stdout, stderr) = Run(python, $"\"{script}\" " + string.Join(' ', args));
            Assert.True(code == 0, "xgboost failed to load a written model: " + stderr);
            var blocks = stdout.Split("==\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(models.Length, blocks.Length);
            for (int b = 0; b < models.Length; b++)
            {
                var ensemble = Golden.Load(models[b] + ".json");
                var lines = blocks[b].Split('\n', StringSplitOptions.RemoveEmptyEntries);
                var x = Golden.Input(models[b]);
                var margins = new Predictor(ensemble).PredictMargins(x);
                var contribs = new TreeShapExplainer(ensemble).Explain(x);
                int cols = ensemble.NumFeatures + 1;
                Assert.Equal(margins.Length, lines.Length);
                for (int i = 0; i < lines.Length; i++)
                {
                    var parts = lines[i].Split(' ');
                    Assert.Equal(margins[i], float.Parse(parts[0], CultureInfo.InvariantCulture));
                    for (int k = 0; k < cols; k++)
                    {
                        float theirs = float.Parse(parts[2 + k], CultureInfo.InvariantCulture);
                        Assert.True(Math.Abs(contribs[i * cols + k] - theirs) <= 1e-5, $"{models[b]} row {i} col {k}");
                    }
                }
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string exe, string args)
    {
        var psi = new ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
