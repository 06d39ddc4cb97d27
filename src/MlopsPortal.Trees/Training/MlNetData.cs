using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlopsPortal.Trees.Training;

/// <summary>Builds ML.NET data views (a float vector "Features" and a boolean "Label") from row-major arrays.</summary>
internal static class MlNetData
{
    public static IDataView Load(MLContext ml, float[] rows, bool[] labels, int numFeatures)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, numFeatures);
        return ml.Data.LoadFromEnumerable(Enumerate(rows, labels, numFeatures), schema);
    }

    private static IEnumerable<Row> Enumerate(float[] rows, bool[] labels, int nf)
    {
        for (int r = 0; r < labels.Length; r++)
        {
            yield return new Row { Features = rows.AsSpan(r * nf, nf).ToArray(), Label = labels[r] };
        }
    }

    internal sealed class Row
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }
}
