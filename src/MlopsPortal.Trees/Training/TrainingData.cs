namespace MlopsPortal.Trees.Training;

/// <summary>Row-major float32 features (NaN = missing) with 0/1 labels, as the trainer and the engine take them.</summary>
public sealed class TrainingData
{
    public TrainingData(float[] rows, bool[] labels, IReadOnlyList<string> featureNames)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(featureNames);
        if (featureNames.Count == 0)
        {
            throw new ArgumentException("Training needs at least one feature.");
        }

        if (rows.Length != labels.Length * featureNames.Count)
        {
            throw new ArgumentException($"{rows.Length} values do not make {labels.Length} rows of {featureNames.Count} features.");
        }

        Rows = rows;
        Labels = labels;
        FeatureNames = featureNames;
    }

    public float[] Rows { get; }
    public bool[] Labels { get; }
    public IReadOnlyList<string> FeatureNames { get; }
    public int Count => Labels.Length;
    public int NumFeatures => FeatureNames.Count;
}
