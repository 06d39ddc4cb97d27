using Microsoft.ML;
using Microsoft.ML.Data;
using TreeEnsemble = MlopsPortal.Trees.Model.TreeEnsemble;

namespace MlopsPortal.Trees.Training;

/// <summary>The outcome of a training: the converted ensemble, which trainer ran, and ML.NET's own model for checks.</summary>
public sealed class TrainedModel
{
    private readonly MLContext _ml;
    private readonly ITransformer _transformer;

    internal TrainedModel(MLContext ml, ITransformer transformer, TreeEnsemble ensemble, TrainerKind trainer, string? fallbackReason, TimeSpan trainingTime, TimeSpan conversionTime)
    {
        _ml = ml;
        _transformer = transformer;
        Ensemble = ensemble;
        Trainer = trainer;
        FallbackReason = fallbackReason;
        TrainingTime = trainingTime;
        ConversionTime = conversionTime;
    }

    /// <summary>The model in the engine's representation: predict, explain, to-sql and XGBoost JSON all work on it.</summary>
    public TreeEnsemble Ensemble { get; }

    /// <summary>The trainer that actually ran (LightGbm or FastTree).</summary>
    public TrainerKind Trainer { get; }

    /// <summary>Why LightGBM was not used, when Auto fell back to FastTree.</summary>
    public string? FallbackReason { get; }

    /// <summary>Wall time of ML.NET's Fit (data view building excluded).</summary>
    public TimeSpan TrainingTime { get; }

    /// <summary>Wall time of the conversion into the engine's ensemble (covers included).</summary>
    public TimeSpan ConversionTime { get; }

    /// <summary>ML.NET's own calibrated probabilities for row-major rows: the reference the conversion is checked against.</summary>
    public float[] PredictWithMlNet(float[] rows)
    {
        int nf = Ensemble.NumFeatures;
        var view = MlNetData.Load(_ml, rows, new bool[rows.Length / nf], nf);
        var scored = _transformer.Transform(view);
        return scored.GetColumn<float>("Probability").ToArray();
    }
}
