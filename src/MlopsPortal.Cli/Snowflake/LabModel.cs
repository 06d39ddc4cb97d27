using System.Globalization;
using MlopsPortal.Cli.Commands;
using MlopsPortal.Trees.Model;
using MlopsPortal.Trees.Prediction;
using MlopsPortal.Trees.Reading;
using MlopsPortal.Trees.Sql;

namespace MlopsPortal.Cli.Snowflake;

/// <summary>
/// The lab's V1 (the SageMaker XGBoost artifact the portal's demo imports) with its features mapped onto the lab
/// table as the lab encodes them: numeric columns as they are, <c>COLUMN_value</c> dummies as 1/0 (pd.get_dummies),
/// dummies for values the table lacks as 0.
/// </summary>
public sealed class LabModel
{
    private LabModel(TreeEnsemble ensemble, IReadOnlyList<string> features)
    {
        Ensemble = ensemble;
        Features = features;
    }

    public TreeEnsemble Ensemble { get; }
    public IReadOnlyList<string> Features { get; }

    /// <summary>Reads model.tar.gz and feature_names.txt from <paramref name="directory"/>.</summary>
    public static LabModel Load(string directory)
    {
        var artifact = Path.Combine(directory, "model.tar.gz");
        var names = Path.Combine(directory, "feature_names.txt");
        if (!File.Exists(artifact) || !File.Exists(names))
            throw new InputException($"The V1 artifact is not in {directory} (model.tar.gz and feature_names.txt); pass --model-dir.");
        var ensemble = ModelLoader.Load(File.ReadAllBytes(artifact));
        var features = File.ReadAllLines(names).Where(l => l.Length > 0).ToList();
        if (features.Count != ensemble.NumFeatures)
            throw new InputException($"feature_names.txt names {features.Count} features but the model has {ensemble.NumFeatures}.");
        return new LabModel(ensemble, features);
    }

    /// <summary>How feature <paramref name="i"/> is computed from a lab row, as SQL over the table's quoted columns.</summary>
    public string FeatureSql(int i)
    {
        var (column, value) = Source(Features[i]);
        if (column is null)
            return "CAST(0 AS FLOAT)";
        return value is null
            ? $"CAST(\"{column}\" AS FLOAT)"
            : $"CAST(CASE WHEN \"{column}\" = '{value.Replace("'", "''")}' THEN 1 ELSE 0 END AS FLOAT)";
    }

    /// <summary>The compiled V1 probability over the feature aliases F0…Fn.</summary>
    public string ProbabilitySql() =>
        SqlCompiler.CompileProbability(Ensemble, SqlDialectKind.Snowflake, Enumerable.Range(0, Features.Count).Select(Alias).ToList());

    public static string Alias(int i) => "F" + i.ToString(CultureInfo.InvariantCulture);

    /// <summary>The same features from the rows in memory, scored by the portal's own predictor.</summary>
    public float[] ScoreLocally(IReadOnlyList<object?[]> rows)
    {
        var n = Features.Count;
        var flat = new float[rows.Count * n];
        for (var r = 0; r < rows.Count; r++)
            for (var f = 0; f < n; f++)
                flat[r * n + f] = Value(rows[r], Features[f]);
        return new Predictor(Ensemble).PredictProbabilities(flat);
    }

    public (int Numeric, int Dummies, int Zero) Mapping()
    {
        var sources = Features.Select(Source).ToList();
        return (sources.Count(s => s.Column is not null && s.Value is null), sources.Count(s => s.Value is not null), sources.Count(s => s.Column is null));
    }

    private static float Value(object?[] row, string feature)
    {
        var (column, value) = Source(feature);
        if (column is null) return 0f;
        var cell = row[Array.FindIndex(LabRows.Columns, c => c.Name == column)];
        if (value is not null) return Equals(cell, value) ? 1f : 0f;
        return cell is null ? float.NaN : Convert.ToSingle(cell, CultureInfo.InvariantCulture);
    }

    private static (string? Column, string? Value) Source(string feature)
    {
        if (LabRows.Columns.Any(c => c.Name == feature) && !LabRows.TextColumns.Contains(feature))
            return (feature, null);
        foreach (var text in LabRows.TextColumns)
            if (feature.StartsWith(text + "_", StringComparison.Ordinal))
                return (text, feature[(text.Length + 1)..]);
        return (null, null);
    }
}
