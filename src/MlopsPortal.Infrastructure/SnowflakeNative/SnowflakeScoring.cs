using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.SnowflakeNative;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Scoring;
using MlopsPortal.Trees.Model;

namespace MlopsPortal.Infrastructure.SnowflakeNative;

/// <summary>
/// Scoring that never leaves Snowflake: one INSERT … SELECT per run, either through a native model's
/// PREDICT_PROBA (by version or alias) or through a portal model's compiled expression over the same feature
/// projection (raw casts and one-hot dummies) the embedded path uses.
/// </summary>
public sealed class SnowflakeScoring(IWarehouse warehouse)
{
    /// <summary>Rows written (or -1 when the warehouse does not say).</summary>
    public async Task<long> ScoreNativeAsync(string model, string versionOrAlias, IReadOnlyList<string> inputColumns, WarehouseScoringTarget target,
        string outputField = "output_feature_1", CancellationToken ct = default) =>
        await warehouse.ExecuteAsync(ScoringStatements.PredictProba(model, versionOrAlias, inputColumns, target, outputField), ct: ct);

    public async Task<long> ScorePortalModelAsync(TreeEnsemble ensemble, PreprocessingSpec preprocessing, WarehouseScoringTarget target, CancellationToken ct = default)
    {
        var source = await warehouse.DescribeTableAsync(target.Source, ct)
            ?? throw new PortalNotFoundException($"There is no table named {target.Source}.");
        foreach (var kept in target.KeptColumns)
        {
            if (source.Column(kept) is null)
                throw new PortalValidationException($"Column {kept} to keep is not in {source.Name}.");
        }
        var projection = FeatureProjection.Build(preprocessing, source, warehouse.Dialect);
        return await warehouse.ExecuteAsync(ScoringStatements.CompiledModel(ensemble, projection.Expressions, target), ct: ct);
    }
}
