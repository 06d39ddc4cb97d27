using DuckDB.NET.Data;
using DuckDB.NET.Data.DataChunk.Reader;
using DuckDB.NET.Data.DataChunk.Writer;
using MlopsPortal.Trees.Prediction;

namespace MlopsPortal.Infrastructure.Scoring;

/// <summary>
/// The engine's predictor as a DuckDB scalar function <c>name(f0, f1, …)</c> over DOUBLE features returning the
/// model's probability as DOUBLE: DuckDB hands it whole vectors (up to 2,048 rows), so scoring runs inside the
/// warehouse at the predictor's speed with none of the bind cost of a compiled SQL expression. Values are the
/// predictor's own (float32 inputs, NULL = missing = NaN), so the result equals the streamed path exactly.
/// </summary>
internal static class DuckDbPredictFunction
{
    public static void Register(DuckDBConnection connection, string name, Predictor predictor)
    {
        // DuckDB runs the function on its own worker threads: the predictor must not fan out again.
        var features = predictor.NumFeatures;
        connection.RegisterScalarFunction<double, double>(
            name,
            (readers, writer, rowCount) => Predict(predictor, features, readers, writer, (int)rowCount),
            new ScalarFunctionOptions { IsPureFunction = true, HandlesNulls = true },
            @params: true);
    }

    private static void Predict(Predictor predictor, int features, IReadOnlyList<IDuckDBDataReader> readers, IDuckDBDataWriter writer, int rows)
    {
        if (readers.Count != features)
            throw new InvalidOperationException($"The model takes {features} features; the function was called with {readers.Count}.");
        var inputs = new float[rows * features];
        for (var f = 0; f < features; f++)
        {
            var reader = readers[f];
            for (var r = 0; r < rows; r++)
                inputs[(r * features) + f] = reader.IsValid((ulong)r) ? (float)reader.GetValue<double>((ulong)r) : float.NaN;
        }
        var probabilities = predictor.PredictProbabilities(inputs);
        for (var r = 0; r < rows; r++)
            writer.WriteValue((double)probabilities[r], (ulong)r);
    }
}
