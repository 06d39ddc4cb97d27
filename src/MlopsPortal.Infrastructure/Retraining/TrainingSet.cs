using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.Retraining;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Scoring;

namespace MlopsPortal.Infrastructure.Retraining;

/// <summary>
/// The labelled rows of a training table read in one pass: the new model's features, the label, the PRODUCTION
/// version's own features (its preprocessing over the same rows, so both models are evaluated on identical rows)
/// and the columns kept for the predictions table.
/// </summary>
public sealed class TrainingSet
{
    private TrainingSet(float[] features, bool[] labels, float[]? productionFeatures, object?[][] kept)
    {
        Features = features;
        Labels = labels;
        ProductionFeatures = productionFeatures;
        Kept = kept;
    }

    public float[] Features { get; }
    public bool[] Labels { get; }
    public float[]? ProductionFeatures { get; }
    public object?[][] Kept { get; }
    public int Count => Labels.Length;

    public static async Task<TrainingSet> ReadAsync(
        IWarehouse warehouse, TableInfo table, IReadOnlyList<string> features, ColumnInfo label, FeatureProjection? production,
        IReadOnlyList<string> keep, long expectedRows, Func<long, ValueTask> onRows, CancellationToken ct)
    {
        var d = warehouse.Dialect;
        var select = new List<string>();
        select.AddRange(features.Select((f, i) => $"CAST({d.Quote(f)} AS DOUBLE) AS __MLOPS_X{i}"));
        select.Add($"CAST({d.Quote(label.Name)} AS DOUBLE) AS __MLOPS_LABEL");
        if (production is not null) select.AddRange(production.AliasedSelectList());
        select.AddRange(keep.Select(k => d.Quote(table.Column(k)?.Name ?? throw new Core.Common.PortalValidationException($"Table {table.Name} has no column {k} to keep."))));
        var sql = $"SELECT {string.Join(", ", select)} FROM {d.Quote(table.Name)} WHERE {d.Quote(label.Name)} IS NOT NULL";

        int nf = features.Count, np = production?.Expressions.Count ?? 0;
        var x = new List<float>((int)Math.Min(int.MaxValue / 2, expectedRows * nf));
        var px = production is null ? null : new List<float>((int)Math.Min(int.MaxValue / 2, expectedRows * np));
        var labels = new List<bool>();
        var kept = new List<object?[]>();
        await foreach (var batch in warehouse.StreamAsync(sql, batchSize: 50_000, ct: ct))
        {
            foreach (var row in batch.Rows)
            {
                for (var f = 0; f < nf; f++) x.Add(ToFloat(row[f]));
                var y = Convert.ToDouble(row[nf], System.Globalization.CultureInfo.InvariantCulture);
                if (y is not (0 or 1))
                    throw new Core.Common.PortalValidationException($"The label {label.Name} holds {y}; a binary classifier needs 0 or 1.");
                labels.Add(y == 1);
                for (var f = 0; f < np; f++) px!.Add(ToFloat(row[nf + 1 + f]));
                if (keep.Count > 0) kept.Add(row[(nf + 1 + np)..]);
            }
            await onRows(labels.Count);
        }
        return new TrainingSet(x.ToArray(), labels.ToArray(), px?.ToArray(), kept.ToArray());
    }

    /// <summary>The rows at <paramref name="indices"/> of a row-major array of <paramref name="width"/> columns.</summary>
    public static float[] Take(float[] rows, int width, int[] indices)
    {
        var result = new float[indices.Length * width];
        for (var i = 0; i < indices.Length; i++)
            Array.Copy(rows, indices[i] * width, result, i * width, width);
        return result;
    }

    private static float ToFloat(object? v) => v is null or DBNull ? float.NaN : (float)Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture);
}
