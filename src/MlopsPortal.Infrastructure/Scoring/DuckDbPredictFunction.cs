using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using DuckDB.NET.Data.DataChunk.Reader;
using DuckDB.NET.Data.DataChunk.Writer;
using MlopsPortal.Trees.Model;
using MlopsPortal.Trees.Prediction;

namespace MlopsPortal.Infrastructure.Scoring;

/// <summary>
/// The engine's predictor as a DuckDB scalar function <c>name(f0, f1, …)</c> over DOUBLE features returning the
/// model's probability as DOUBLE: DuckDB hands it whole vectors (up to 2,048 rows), so scoring runs inside the
/// warehouse at the predictor's speed with none of the bind cost of a compiled SQL expression. Values are the
/// predictor's own (float32 inputs, NULL = missing = NaN), so the result equals the streamed path exactly.
/// <para>
/// DuckDB keeps a registered function in its catalog until the database closes, whichever connection registered it
/// (it cannot be dropped: an internal entry), so a function is registered once per model artifact (<see cref="NameFor"/>,
/// <c>DuckDbWarehouse.EnsureFunctionAsync</c>), not once per run: per-run functions would each keep their predictor
/// alive until the portal restarts.
/// </para>
/// </summary>
internal static class DuckDbPredictFunction
{
    /// <summary>Rows DuckDB hands a scalar function at most (its STANDARD_VECTOR_SIZE).</summary>
    private const int VectorRows = 2048;

    /// <summary>Per DuckDB worker thread: the row-major inputs of a full vector and the margins, reused chunk after chunk.</summary>
    [ThreadStatic] private static float[]? t_inputs;
    [ThreadStatic] private static float[]? t_margins;

    /// <summary>The function's name for a model artifact: the same artifact (by checksum) always gets the same function.</summary>
    public static string NameFor(string artifactSha256) =>
        "MLOPS_PREDICT_" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(artifactSha256)), 0, 8);

    public static void Register(DuckDBConnection connection, string name, Predictor predictor)
    {
        // DuckDB runs the function on its own worker threads: the predictor must not fan out again.
        var features = predictor.NumFeatures;
        var objective = predictor.Ensemble.Objective;
        connection.RegisterScalarFunction<double, double>(
            name,
            (readers, writer, rowCount) => Predict(predictor, objective, features, readers, writer, (int)rowCount),
            new ScalarFunctionOptions { IsPureFunction = true, HandlesNulls = true },
            @params: true);
    }

    private static void Predict(
        Predictor predictor, Objective objective, int features, IReadOnlyList<IDuckDBDataReader> readers, IDuckDBDataWriter writer, int rows)
    {
        if (readers.Count != features)
            throw new InvalidOperationException($"The model takes {features} features; the function was called with {readers.Count}.");
        if (rows == 0) return;
        // The predictor reads exactly rows × features values: a full vector reuses this thread's buffer, a last partial
        // one (once per statement and thread) gets its own.
        var size = rows * features;
        float[] inputs;
        if (rows == VectorRows)
        {
            inputs = t_inputs is { } cached && cached.Length == size ? cached : (t_inputs = new float[size]);
        }
        else
        {
            inputs = new float[size];
        }
        var margins = t_margins ??= new float[VectorRows];
        if (margins.Length < rows) margins = t_margins = new float[rows];

        for (var f = 0; f < features; f++)
        {
            var reader = readers[f];
            for (var r = 0; r < rows; r++)
            {
                var offset = (ulong)r;
                inputs[(r * features) + f] = reader.IsValid(offset) ? (float)reader.GetValue<double>(offset) : float.NaN;
            }
        }
        predictor.PredictMargins(inputs, margins);
        for (var r = 0; r < rows; r++)
            writer.WriteValue((double)objective.Transform(margins[r]), (ulong)r);
    }
}
