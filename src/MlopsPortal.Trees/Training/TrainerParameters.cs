namespace MlopsPortal.Trees.Training;

/// <summary>Which trainer builds the trees.</summary>
public enum TrainerKind
{
    /// <summary>
    /// LightGBM called directly through its native library; where that library does not load, ML.NET's LightGBM
    /// wrapper, and where that fails to load too, ML.NET FastTree.
    /// </summary>
    Auto,

    /// <summary>LightGBM called directly, falling back to ML.NET's LightGBM wrapper (never to FastTree).</summary>
    LightGbm,

    /// <summary>ML.NET FastTree (managed, no native library).</summary>
    FastTree,

    /// <summary>LightGBM through ML.NET's wrapper only (the trainer before the direct calls; kept for comparison).</summary>
    MlNetLightGbm,
}

/// <summary>
/// Boosting parameters named like XGBoost's, mapped onto the ML.NET trainers (see <see cref="EnsembleTrainer"/>).
/// Defaults are the lab's: 100 trees, depth 6, learning rate 0.3, min_child_weight 1, subsample 1.
/// </summary>
public sealed record TrainerParameters
{
    /// <summary>XGBoost <c>n_estimators</c>: boosting rounds.</summary>
    public int NTrees { get; init; } = 100;

    /// <summary>XGBoost <c>max_depth</c>; LightGBM also gets 2^depth leaves, FastTree (leaf-wise, no depth cap) 2^depth leaves.</summary>
    public int MaxDepth { get; init; } = 6;

    /// <summary>XGBoost <c>eta</c>.</summary>
    public double LearningRate { get; init; } = 0.3;

    /// <summary>XGBoost <c>min_child_weight</c> (LightGBM <c>min_sum_hessian_in_leaf</c>).</summary>
    public double MinChildWeight { get; init; } = 1;

    /// <summary>XGBoost <c>subsample</c> (LightGBM bagging fraction, every iteration).</summary>
    public double Subsample { get; init; } = 1;

    /// <summary>Random seed of the trainer.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Threads for training; 0 = all cores.</summary>
    public int Threads { get; init; }

    public TrainerKind Trainer { get; init; } = TrainerKind.Auto;

    /// <summary>The native LightGBM library to call directly (tests name a missing one to force the fallback).</summary>
    internal string NativeLibrary { get; init; } = LightGbmNative.DefaultLibrary;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first parameter out of range.</summary>
    public void Validate()
    {
        if (NTrees is < 1 or > 10_000)
        {
            throw new ArgumentException($"nTrees must be between 1 and 10000 (got {NTrees}).");
        }

        if (MaxDepth is < 1 or > 16)
        {
            throw new ArgumentException($"maxDepth must be between 1 and 16 (got {MaxDepth}).");
        }

        if (!(LearningRate > 0 && LearningRate <= 1))
        {
            throw new ArgumentException($"learningRate must be in (0, 1] (got {LearningRate}).");
        }

        if (!(MinChildWeight >= 0) || double.IsInfinity(MinChildWeight))
        {
            throw new ArgumentException($"minChildWeight must be ≥ 0 (got {MinChildWeight}).");
        }

        if (!(Subsample > 0 && Subsample <= 1))
        {
            throw new ArgumentException($"subsample must be in (0, 1] (got {Subsample}).");
        }

        if (Threads < 0)
        {
            throw new ArgumentException($"threads must be ≥ 0 (got {Threads}).");
        }
    }
}
