using MlopsPortal.Core.Common;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Trees.Model;
using MlopsPortal.Trees.Sql;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.SnowflakeNative;

namespace MlopsPortal.Infrastructure.SnowflakeNative;

/// <summary>The SQL a <see cref="WarehouseScoringTarget"/> becomes in Snowflake.</summary>
internal static class WarehouseScoringTargetSql
{
    internal static string InsertInto(this WarehouseScoringTarget target) =>
        $"INSERT INTO {NativeSql.Qualified(target.Output, "output table")} ({string.Join(", ", target.OutputColumns())})";

    internal static IEnumerable<string> OutputColumns(this WarehouseScoringTarget target)
    {
        foreach (var c in target.KeptColumns) yield return NativeSql.Id(c, "kept column");
        yield return NativeSql.Id(target.ScoreColumn, "score column");
        yield return NativeSql.Id(target.ClassColumn, "class column");
        if (target.RunId is not null) yield return NativeSql.Id(WarehouseScoringTarget.RunIdColumn, "column");
    }

    /// <summary>Kept columns, the score, the class from <paramref name="score"/> (a DOUBLE expression), the run id.</summary>
    internal static string SelectList(this WarehouseScoringTarget target, string score)
    {
        var items = target.KeptColumns.Select(c => NativeSql.Id(c, "kept column")).ToList();
        items.Add(score);
        items.Add($"IFF({score} > {NativeSql.Number(target.Threshold)}, 1, 0)");
        if (target.RunId is { } run) items.Add(NativeSql.Literal(run.ToString()));
        return string.Join(", ", items);
    }
}

/// <summary>
/// Scoring inside Snowflake with one INSERT … SELECT: a model of Snowflake's own registry through
/// <c>MODEL(m, ALIAS)!PREDICT_PROBA(...)</c>, or a portal model through its compiled SQL expression.
/// </summary>
public static class ScoringStatements
{
    /// <summary>
    /// Scores with a native model's PREDICT_PROBA, addressed by version or alias (e.g. PRODUCTION) so the statement
    /// follows the alias. The method returns an OBJECT; the class-1 probability is the field <paramref name="outputField"/>
    /// (output_feature_1 for models logged from xgboost/sklearn, PREDICT_PROBA_1 for snowflake.ml.modeling ones).
    /// </summary>
    public static string PredictProba(string model, string versionOrAlias, IReadOnlyList<string> inputColumns, WarehouseScoringTarget target, string outputField = "output_feature_1")
    {
        target.Validate();
        if (inputColumns.Count == 0)
            throw new PortalValidationException("The native model needs at least one input column.");
        // OBJECT fields are case-sensitive: the name keeps its case, validated and double-quoted.
        if (!Identifier.IsValid(outputField))
            throw new PortalValidationException($"'{outputField}' is not a valid output field name of PREDICT_PROBA.");
        var inputs = string.Join(", ", inputColumns.Select(c => NativeSql.Id(c, "input column")));
        var call = $"MODEL({NativeSql.QualifiedBare(model, "model")}, {NativeSql.Bare(versionOrAlias, "version or alias")})!PREDICT_PROBA({inputs})";
        var score = $"__MLOPS_OUT:\"{outputField}\"::FLOAT";
        return $"""
            {target.InsertInto()}
            SELECT {target.SelectList(score)}
            FROM (SELECT *, {call} AS __MLOPS_OUT FROM {NativeSql.Qualified(target.Source, "source table")}) AS __MLOPS_SCORED
            """;
    }

    /// <summary>
    /// Scores with a portal model compiled to one Snowflake SQL expression over <paramref name="featureExpressions"/>
    /// (one SQL expression per model feature over the source's columns, in the model's feature order; see FeatureProjection).
    /// </summary>
    public static string CompiledModel(TreeEnsemble ensemble, IReadOnlyList<string> featureExpressions, WarehouseScoringTarget target)
    {
        target.Validate();
        if (featureExpressions.Count != ensemble.NumFeatures)
            throw new PortalValidationException($"The model has {ensemble.NumFeatures} features but {featureExpressions.Count} feature expressions were given.");
        var aliases = Enumerable.Range(0, featureExpressions.Count).Select(i => $"__MLOPS_F{i}").ToList();
        var probability = SqlCompiler.CompileProbability(ensemble, SqlDialectKind.Snowflake, aliases);
        var kept = target.KeptColumns.Select(c => NativeSql.Id(c, "kept column"));
        var features = string.Join(", ", kept.Concat(featureExpressions.Select((e, i) => $"{e} AS {aliases[i]}")));
        return $"""
            {target.InsertInto()}
            SELECT {target.SelectList("__MLOPS_P")}
            FROM (SELECT *, {probability} AS __MLOPS_P
                  FROM (SELECT {features} FROM {NativeSql.Qualified(target.Source, "source table")}) AS __MLOPS_FEATURES) AS __MLOPS_SCORED
            """;
    }
}
