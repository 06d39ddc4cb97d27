using MlopsPortal.Core.Retraining;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Warehouse;

namespace MlopsPortal.Infrastructure.Retraining;

/// <summary>
/// Writes the test split's predictions (the lab's V2_PREDICTIONS) with the kept columns, the label,
/// PREDICTED_SCORE and PREDICTED_RESPONSE, so a monitor can watch the new version beside V1. The rows go to a
/// staging table first and replace the output in one atomic step (<see cref="TablePublisher"/>): a failed, crashed or
/// retried run never half-writes it nor loses the previous output.
/// </summary>
internal static class PredictionsTable
{
    public static async Task<string> WriteAsync(
        IWarehouse warehouse, Guid runId, string output, TableInfo table, TrainingRunSpec spec, string label, string version,
        int[] testIdx, bool[] testLabels, float[] scores, object?[][] kept, CancellationToken ct)
    {
        var d = warehouse.Dialect;
        var staging = "__MLOPS_TRAINING_" + runId.ToString("N");
        var keepList = string.Concat(spec.PredictionKeepColumns.Select(k => d.Quote(table.Column(k)!.Name) + ", "));
        await warehouse.ExecuteAsync($"DROP TABLE IF EXISTS {d.Quote(staging)}", ct: ct);
        await warehouse.ExecuteAsync(
            $"""
            CREATE TABLE {d.Quote(staging)} AS
            SELECT {keepList}CAST(NULL AS BIGINT) AS {d.Quote(label)}, CAST(NULL AS DOUBLE) AS PREDICTED_SCORE,
                   CAST(NULL AS BIGINT) AS PREDICTED_RESPONSE, CAST(NULL AS VARCHAR) AS MODEL_VERSION
            FROM {d.Quote(table.Name)} LIMIT 0
            """, ct: ct);
        try
        {
            int k = spec.PredictionKeepColumns.Count;
            var rows = new object?[testIdx.Length][];
            for (var i = 0; i < testIdx.Length; i++)
            {
                var values = new object?[k + 4];
                if (k > 0) Array.Copy(kept[testIdx[i]], values, k);
                values[k] = testLabels[i] ? 1L : 0L;
                values[k + 1] = (double)scores[i];
                values[k + 2] = scores[i] > 0.5f ? 1L : 0L;
                values[k + 3] = version;
                rows[i] = values;
            }
            await warehouse.InTransactionAsync(s => s.BulkAppendAsync(staging, rows, ct), ct);
            await TablePublisher.ReplaceAsync(warehouse, staging, output, ct);
            return output.ToUpperInvariant();
        }
        finally
        {
            await warehouse.ExecuteAsync($"DROP TABLE IF EXISTS {d.Quote(staging)}", ct: CancellationToken.None);
        }
    }
}
