using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Data.Csv;

/// <summary>
/// Infers one column's type from sample cells: the narrowest of BOOLEAN, BIGINT, DOUBLE, DATE, TIMESTAMP
/// that every non-empty cell parses as, else VARCHAR. A column with only empty cells is VARCHAR.
/// A column that is clearly typed but holds a few stray values (at least <see cref="MinValuesForOutliers"/>
/// values, at most <see cref="OutlierShare"/> of them failing) keeps its type, so the stray values are
/// reported as bad values instead of silently turning the column into text.
/// </summary>
public sealed class CsvTypeInference
{
    public const int MinValuesForOutliers = 100;
    public const double OutlierShare = 0.005;

    private static readonly (WarehouseType Type, Func<string, bool> Parses)[] Candidates =
    [
        (WarehouseType.Boolean, CsvValues.IsBoolean),
        (WarehouseType.Integer, CsvValues.IsInteger),
        (WarehouseType.Double, CsvValues.IsNumber),
        (WarehouseType.Date, CsvValues.IsDate),
        (WarehouseType.Timestamp, CsvValues.IsTimestamp),
    ];

    private readonly long[] _failures = new long[Candidates.Length];

    public long NonEmpty { get; private set; }

    public void Observe(string cell)
    {
        if (cell.Length == 0)
            return;
        NonEmpty++;
        for (var i = 0; i < Candidates.Length; i++)
        {
            // once a type has failed on more than the tolerated share it can never be chosen: stop testing it
            if (_failures[i] > NonEmpty * OutlierShare + MinValuesForOutliers)
                continue;
            if (!Candidates[i].Parses(cell))
                _failures[i]++;
        }
    }

    public WarehouseType Result => Choose().Type;

    /// <summary>How many sampled values did not parse as the chosen type (0 unless it tolerated outliers).</summary>
    public long Outliers => Choose().Failures;

    private (WarehouseType Type, long Failures) Choose()
    {
        if (NonEmpty == 0)
            return (WarehouseType.Text, 0);
        for (var i = 0; i < Candidates.Length; i++)
            if (_failures[i] == 0)
                return (Candidates[i].Type, 0);
        if (NonEmpty >= MinValuesForOutliers)
        {
            var best = Enumerable.Range(0, Candidates.Length).MinBy(i => _failures[i]);
            if (_failures[best] <= NonEmpty * OutlierShare)
                return (Candidates[best].Type, _failures[best]);
        }
        return (WarehouseType.Text, 0);
    }
}
