using Microsoft.ML;
using Microsoft.ML.Data;
using TreeEnsemble = MlopsPortal.Trees.Model.TreeEnsemble;

namespace MlopsPortal.Trees.Training;

/// <summary>The outcome of a training: the converted ensemble, which trainer ran, and the trainer's own model for checks.</summary>
public sealed class TrainedModel
{
    private readonly Func<float[], float[]> _trainerPredict;

    internal TrainedModel(MLContext ml, ITransformer transformer, TreeEnsemble ensemble, TrainerKind trainer, string trainerName, string? fallbackReason, TimeSpan trainingTime, TimeSpan conversionTime)
        : this(rows => PredictMlNet(ml, transformer, rows, ensemble.NumFeatures), ensemble, trainer, trainerName, fallbackReason, trainingTime, conversionTime)
    {
    }

    internal TrainedModel(Func<float[], float[]> trainerPredict, TreeEnsemble ensemble, TrainerKind trainer, string trainerName, string? fallbackReason, TimeSpan trainingTime, TimeSpan conversionTime)
    {
        _trainerPredict = trainerPredict;
        Ensemble = ensemble;
        Trainer = trainer;
        TrainerName = trainerName;
        FallbackReason = fallbackReason;
        TrainingTime = trainingTime;
        ConversionTime = conversionTime;
    }

    /// <summary>The model in the engine's representation: predict, explain, to-sql and XGBoost JSON all work on it.</summary>
    public TreeEnsemble Ensemble { get; }

    /// <summary>The algorithm that actually ran: LightGbm (called directly or through ML.NET) or FastTree.</summary>
    public TrainerKind Trainer { get; }

    /// <summary>The trainer that ran, for people: "LightGBM (native)", "ML.NET LightGBM" or "ML.NET FastTree".</summary>
    public string TrainerName { get; }

    /// <summary>Why the first choice was not used, when Auto (or LightGbm) fell back.</summary>
    public string? FallbackReason { get; }

    /// <summary>Wall time of the training (LightGBM direct: dataset + boosting; ML.NET: Fit, data view building excluded).</summary>
    public TimeSpan TrainingTime { get; }

    /// <summary>Wall time of the conversion into the engine's ensemble (covers included).</summary>
    public TimeSpan ConversionTime { get; }

    /// <summary>
    /// The trainer's own probabilities for row-major rows (LightGBM's LGBM_BoosterPredictForMat, or ML.NET's
    /// calibrated probability): the reference the conversion is checked against.
    /// </summary>
    public float[] PredictWithTrainer(float[] rows) => _trainerPredict(rows);

    private static float[] PredictMlNet(MLContext ml, ITransformer transformer, float[] rows, int nf)
    {
        var view = MlNetData.Load(ml, rows, new bool[rows.Length / nf], nf);
        var scored = transformer.Transform(view);
        return scored.GetColumn<float>("Probability").ToArray();
    }
}
