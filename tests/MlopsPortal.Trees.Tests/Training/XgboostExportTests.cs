using System.Diagnostics;
using System.Globalization;
using System.Text;
using MlopsPortal.Trees.Explaining;
using MlopsPortal.Trees.Prediction;
using MlopsPortal.Trees.Training;
using MlopsPortal.Trees.Writing;

namespace MlopsPortal.Trees.Tests.Training;

/// <summary>A model trained here, exported as XGBoost JSON, predicts the same in python3-xgboost 1.7 as in ML.NET.</summary>
public sealed class XgboostExportTests
{
    [Fact]
    public void Xgboost_predicts_the_exported_model_like_mlnet_and_like_the_engine()
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python) || Run(python, "-c \"import xgboost\"").ExitCode != 0)
        {
            Assert.Skip("Optional check skipped: /usr/bin/python3 with xgboost is not installed here; the ML.NET exactness tests still run.");
        }

        var train = SyntheticLoans.Make(3000, 1);
        var holdout = SyntheticLoans.Make(500, 3);
        var model = EnsembleTrainer.Train(train, new TrainerParameters { NTrees = 40, MaxDepth = 6, Threads = 1, Trainer = TrainerKind.LightGbm });
        string dir = Directory.CreateTempSubdirectory("mlops-train-export-").FullName;
        try
        {
            string modelPath = Path.Combine(dir, "model.json");
            string csvPath = Path.Combine(dir, "input.csv");
            XgboostJsonWriter.Write(model.Ensemble, modelPath);
            WriteCsv(csvPath, holdout);
            string script = Path.Combine(AppContext.BaseDirectory, "Writing", "check_written_model.py");
            var (code, stdout, stderr) = Run(python, $"\"{script}\" \"{modelPath}\" \"{csvPath}\"");
            Assert.True(code == 0, "xgboost failed on the exported model: " + stderr);

            var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l != "==").ToArray();
            Assert.Equal(holdout.Count, lines.Length);
            var xgbMargin = lines.Select(l => float.Parse(l.Split(' ')[0], CultureInfo.InvariantCulture)).ToArray();
            var xgbProba = lines.Select(l => float.Parse(l.Split(' ')[1], CultureInfo.InvariantCulture)).ToArray();

            Assert.Equal(new Predictor(model.Ensemble).PredictMargins(holdout.Rows), xgbMargin);
            MlNetConversionTests.AssertClose(model.PredictWithTrainer(holdout.Rows), xgbProba, MlNetConversionTests.Tolerance(TrainerKind.LightGbm));

            // XGBoost's pred_contribs on the export equals the engine's TreeSHAP on the converted model
            var contributions = new TreeShapExplainer(model.Ensemble, 1, TreeShapAlgorithm.Exact).Explain(holdout.Rows);
            int cols = holdout.NumFeatures + 1;
            for (int r = 0; r < lines.Length; r++)
            {
                var parts = lines[r].Split(' ');
                for (int k = 0; k < cols; k++)
                {
                    float theirs = float.Parse(parts[2 + k], CultureInfo.InvariantCulture);
                    Assert.True(Math.Abs(contributions[r * cols + k] - theirs) <= 1e-5, $"row {r} column {k}: {contributions[r * cols + k]} vs xgboost {theirs}");
                }
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static void WriteCsv(string path, TrainingData data)
    {
        var sb = new StringBuilder(string.Join(',', data.FeatureNames)).Append('\n');
        for (int r = 0; r < data.Count; r++)
        {
            for (int f = 0; f < data.NumFeatures; f++)
            {
                float x = data.Rows[r * data.NumFeatures + f];
                if (f > 0)
                {
                    sb.Append(',');
                }

                if (!float.IsNaN(x))
                {
                    sb.Append(x.ToString("R", CultureInfo.InvariantCulture));
                }
            }

            sb.Append('\n');
        }

        File.WriteAllText(path, sb.ToString());
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
