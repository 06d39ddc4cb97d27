using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Monitoring.Monitors;

/// <summary>
/// What the New monitor form starts from (issue 14): the chosen registry model and version, and the warehouse's own
/// tables and columns, never another lab's names. The source is a table holding the prediction columns a scoring run
/// writes (the one with most of the version's inputs), the baseline a table named like a baseline that holds them too.
/// Nothing is guessed that the tables do not show: no label column is picked, the user picks it.
/// </summary>
public static class MonitorDefaults
{
    public const string ScoreColumn = Scoring.OutputColumns.PredictedScore;
    public const string ClassColumn = Scoring.OutputColumns.PredictedResponse;

    public static MonitorRequest Suggest(string model, string version, IReadOnlyList<TableInfo> tables, IReadOnlySet<string>? modelInputs)
    {
        var request = new MonitorRequest
        {
            Name = $"{model}_{version}_MONITOR".ToUpperInvariant(), Model = model, Version = version, AggregationWindowDays = 7,
            IdColumns = [], PredictionClassColumns = [], PredictionScoreColumns = [], ActualClassColumns = [], SegmentColumns = [],
        };
        var scored = tables.Where(t => t.Column(ScoreColumn) is not null || t.Column(ClassColumn) is not null)
            .OrderByDescending(t => modelInputs is null ? 0 : modelInputs.Count(i => t.Column(i) is not null))
            .ThenBy(t => IsBaselineName(t.Name))
            .ThenByDescending(t => t.Rows)
            .ThenBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        var source = scored.FirstOrDefault(t => !IsBaselineName(t.Name)) ?? scored.FirstOrDefault();
        if (source is null)
            return request;

        request.Source = source.Name;
        request.Baseline = scored.FirstOrDefault(t => t != source && IsBaselineName(t.Name))?.Name;
        request.TimestampColumn = source.Columns.FirstOrDefault(c => c.Type is WarehouseType.Timestamp or WarehouseType.Date)?.Name;
        if (source.Column(ClassColumn) is { } cls) request.PredictionClassColumns = [cls.Name];
        if (source.Column(ScoreColumn) is { } score) request.PredictionScoreColumns = [score.Name];
        request.IdColumns = source.Columns
            .Where(c => !MonitorColumns.PortalOwnColumns.Contains(c.Name) && (c.Name.Equals("ID", StringComparison.OrdinalIgnoreCase) || c.Name.EndsWith("_ID", StringComparison.OrdinalIgnoreCase)))
            .Select(c => c.Name).ToList();
        return request;
    }

    private static bool IsBaselineName(string table) => table.Contains("BASELINE", StringComparison.OrdinalIgnoreCase);
}
