namespace MlopsPortal.Core.Retraining;

/// <summary>
/// What to train: a training-set table in the warehouse (features and label on one row, whatever produced it),
/// the features (exact column names, or prefixes ending in <c>_</c> or <c>*</c> such as <c>LOAN_PURPOSE_NAME_OHE_</c>),
/// the split, the trainer's XGBoost-named parameters, and the version to register (never promoted).
/// </summary>
public sealed record TrainingRunSpec
{
    public required string Model { get; init; }

    public required string TrainingTable { get; init; }

    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>A 0/1 (or boolean) column; rows where it is NULL are left out.</summary>
    public required string Label { get; init; }

    /// <summary>Share of rows held out for evaluation (the lab: 0.2).</summary>
    public double TestRatio { get; init; } = 0.2;

    public int Seed { get; init; } = 42;

    /// <summary>Keep the label's class shares equal in both splits.</summary>
    public bool Stratified { get; init; }

    public int NTrees { get; init; } = 100;
    public int MaxDepth { get; init; } = 6;
    public double LearningRate { get; init; } = 0.3;
    public double MinChildWeight { get; init; } = 1;
    public double Subsample { get; init; } = 1;

    /// <summary>auto (LightGBM, FastTree when LightGBM's native library is missing), lightgbm or fasttree.</summary>
    public string Trainer { get; init; } = "auto";

    /// <summary>Training threads; 0 = all cores.</summary>
    public int Threads { get; init; }

    /// <summary>The new version's name (the lab: V2).</summary>
    public required string Version { get; init; }

    public string? Comment { get; init; }

    public TrainingLineage? Lineage { get; init; }

    /// <summary>Optional: the test split's predictions are written here (the lab's V2_PREDICTIONS), for a monitor.</summary>
    public string? PredictionsTable { get; init; }

    /// <summary>Training-table columns copied into <see cref="PredictionsTable"/> beside the label and the predictions (ids, timestamp).</summary>
    public IReadOnlyList<string> PredictionKeepColumns { get; init; } = [];
}

/// <summary>Where the training set came from: the recipe and the feature view it was built from.</summary>
public sealed record TrainingLineage(string? RecipeJson = null, string? FeatureView = null, string? FeatureViewVersion = null);
