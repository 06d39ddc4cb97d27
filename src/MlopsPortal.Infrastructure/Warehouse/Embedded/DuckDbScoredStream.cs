using System.Data.Common;
using DuckDB.NET.Data;
using MlopsPortal.Core.Warehouse;
using ColumnInfo = MlopsPortal.Core.Warehouse.ColumnInfo;

namespace MlopsPortal.Infrastructure.Warehouse.Embedded;

/// <summary>
/// The streamed scoring loop on the embedded warehouse, columnar: a batch of rows is read with typed getters into
/// reused per-column buffers and one row-major float feature buffer (no boxed value, no object row), scored in one
/// predictor call, and appended to the staging table with typed appender values; each batch is committed on its own.
/// Memory stays one batch whatever the table's size.
/// </summary>
internal static class DuckDbScoredStream
{
    /// <param name="sql">Reads the kept columns, then the features (numbers; NULL or NaN = missing).</param>
    /// <param name="kept">The kept columns, as the staging table starts with them.</param>
    /// <param name="predict">Probabilities for exactly rows × features row-major inputs.</param>
    /// <param name="afterBatch">Called with the rows written so far after each batch is committed.</param>
    public static Task<long> RunAsync(
        DuckDbWarehouse warehouse, string sql, object? parameters, IReadOnlyList<ColumnInfo> kept, int features, string staging,
        int batchRows, Func<float[], float[]> predict, float threshold, string runId, Func<long, Task> afterBatch, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchRows, 1);
        return Task.Run(async () =>
        {
            using var read = warehouse.Open();
            using var write = warehouse.Open();
            using var command = read.CreateCommand();
            command.CommandText = sql;
            command.UseStreamingMode = true;
            DuckDbParameters.Bind(command, parameters);
            using var reader = command.ExecuteReader();
            if (reader.FieldCount != kept.Count + features)
                throw new InvalidOperationException($"The scoring query returns {reader.FieldCount} columns; {kept.Count} kept and {features} features were expected.");

            var buffers = kept.Select(c => ColumnBuffer.For(c, batchRows)).ToArray();
            var inputs = new float[batchRows * features];
            long done = 0;
            while (true)
            {
                var n = 0;
                while (n < batchRows && reader.Read())
                {
                    for (var k = 0; k < buffers.Length; k++)
                        buffers[k].Read(reader, k, n);
                    var at = n * features;
                    for (var f = 0; f < features; f++)
                    {
                        var ordinal = kept.Count + f;
                        inputs[at + f] = reader.IsDBNull(ordinal) ? float.NaN : (float)reader.GetDouble(ordinal);
                    }
                    n++;
                }
                if (n == 0) break;
                var probabilities = predict(n == batchRows ? inputs : inputs.AsSpan(0, n * features).ToArray());
                using (var appender = write.CreateAppender(staging))
                {
                    for (var r = 0; r < n; r++)
                    {
                        var row = appender.CreateRow();
                        for (var k = 0; k < buffers.Length; k++)
                            buffers[k].Append(row, r);
                        var p = probabilities[r];
                        row.AppendValue((double)p).AppendValue(p > threshold ? 1L : 0L).AppendValue(runId).EndRow();
                    }
                }
                for (var k = 0; k < buffers.Length; k++)
                    buffers[k].Clear();
                done += n;
                await afterBatch(done);
                ct.ThrowIfCancellationRequested();
                if (n < batchRows) break;
            }
            return done;
        }, ct);
    }

    /// <summary>One kept column's values of a batch, typed where the column's type allows.</summary>
    private abstract class ColumnBuffer
    {
        public abstract void Read(DbDataReader reader, int ordinal, int row);
        public abstract void Append(IDuckDBAppenderRow appender, int row);
        public abstract void Clear();

        public static ColumnBuffer For(ColumnInfo column, int rows)
        {
            var native = column.NativeType.Trim().ToUpperInvariant();
            return (column.Type, native) switch
            {
                (WarehouseType.Integer, "BIGINT" or "INT8" or "LONG") => new Typed<long>(rows, (r, i) => r.GetInt64(i), (a, v) => a.AppendValue(v)),
                (WarehouseType.Integer, "INTEGER" or "INT" or "INT4") => new Typed<int>(rows, (r, i) => r.GetInt32(i), (a, v) => a.AppendValue(v)),
                (WarehouseType.Double, "DOUBLE" or "FLOAT8") => new Typed<double>(rows, (r, i) => r.GetDouble(i), (a, v) => a.AppendValue(v)),
                (WarehouseType.Boolean, _) => new Typed<bool>(rows, (r, i) => r.GetBoolean(i), (a, v) => a.AppendValue(v)),
                (WarehouseType.Text, "VARCHAR") => new Typed<string>(rows, (r, i) => r.GetString(i), (a, v) => a.AppendValue(v)),
                _ => new Boxed(rows, DuckDbValueWriters.For(column)),
            };
        }
    }

    private sealed class Typed<T>(int rows, Func<DbDataReader, int, T> get, Action<IDuckDBAppenderRow, T> append) : ColumnBuffer
    {
        private readonly T[] _values = new T[rows];
        private readonly bool[] _null = new bool[rows];

        public override void Read(DbDataReader reader, int ordinal, int row)
        {
            if (_null[row] = reader.IsDBNull(ordinal)) return;
            _values[row] = get(reader, ordinal);
        }

        public override void Append(IDuckDBAppenderRow appender, int row)
        {
            if (_null[row]) appender.AppendNullValue();
            else append(appender, _values[row]);
        }

        public override void Clear()
        {
            if (System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>())
                Array.Clear(_values); // let a batch's strings go
        }
    }

    /// <summary>Any other type (dates, decimals, …): the value as the reader gives it, written as the bulk appender does.</summary>
    private sealed class Boxed(int rows, DuckDbValueWriter write) : ColumnBuffer
    {
        private readonly object?[] _values = new object?[rows];

        public override void Read(DbDataReader reader, int ordinal, int row) =>
            _values[row] = reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal);

        public override void Append(IDuckDBAppenderRow appender, int row) => write(appender, _values[row]);

        public override void Clear() => Array.Clear(_values);
    }
}
