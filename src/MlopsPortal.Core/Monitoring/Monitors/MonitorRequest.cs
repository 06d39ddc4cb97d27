using MlopsPortal.Core.Common;

namespace MlopsPortal.Core.Monitoring.Monitors;

/// <summary>The JSON body of POST /api/monitors (docs/api.md): every field as the client sent it.</summary>
public sealed class MonitorRequest
{
    public string? Name { get; set; }
    public string? Model { get; set; }
    public string? Version { get; set; }
    public string? Function { get; set; } = "predict";
    public string? Source { get; set; }
    public string? Baseline { get; set; }
    public string? TimestampColumn { get; set; }
    public int? AggregationWindowDays { get; set; } = 1;
    public List<string>? IdColumns { get; set; }
    public List<string>? PredictionClassColumns { get; set; }
    public List<string>? PredictionScoreColumns { get; set; }
    public List<string>? ActualClassColumns { get; set; }
    public List<string>? SegmentColumns { get; set; }
    public string? RefreshInterval { get; set; } = "1 day";
    public string? Warehouse { get; set; }

    /// <summary>Columns to add to the default drift columns (the version's inputs and the predictions).</summary>
    public List<string>? IncludeDriftColumns { get; set; }

    /// <summary>Columns to remove from the default drift columns.</summary>
    public List<string>? ExcludeDriftColumns { get; set; }

    /// <summary>Validates the shape (names, numbers, lists) and returns the spec; table and column checks need the warehouse.</summary>
    public MonitorSpec ToSpec()
    {
        var days = AggregationWindowDays ?? 1;
        if (days is < 1 or > 366)
            throw new PortalValidationException($"aggregationWindowDays must be between 1 and 366 days; got {days}.");
        var segments = List(SegmentColumns, "segmentColumns");
        if (segments.Count > MonitorSpec.MaxSegmentColumns)
            throw new PortalValidationException($"A monitor takes at most {MonitorSpec.MaxSegmentColumns} segmentColumns; got {segments.Count}.");
        var classes = List(PredictionClassColumns, "predictionClassColumns");
        var scores = List(PredictionScoreColumns, "predictionScoreColumns");
        if (classes.Count == 0 && scores.Count == 0)
            throw new PortalValidationException("Name at least one prediction column: predictionClassColumns or predictionScoreColumns.");
        var function = string.IsNullOrWhiteSpace(Function) ? "predict" : Function.Trim();
        var interval = string.IsNullOrWhiteSpace(RefreshInterval) ? "1 day" : RefreshInterval.Trim();
        RefreshIntervals.ToCron(interval); // validates
        var spec = new MonitorSpec(
            MonitorSpec.Id(Name, "name"),
            MonitorSpec.Id(Model, "model"),
            MonitorSpec.Id(Version, "version"),
            function,
            MonitorSpec.Id(Source, "source"),
            MonitorSpec.Id(Baseline, "baseline"),
            MonitorSpec.Id(TimestampColumn, "timestampColumn"),
            days,
            List(IdColumns, "idColumns"),
            classes,
            scores,
            List(ActualClassColumns, "actualClassColumns"),
            segments,
            interval,
            string.IsNullOrWhiteSpace(Warehouse) ? null : MonitorSpec.Id(Warehouse, "warehouse"))
        {
            IncludeDriftColumns = List(IncludeDriftColumns, "includeDriftColumns"),
            ExcludeDriftColumns = List(ExcludeDriftColumns, "excludeDriftColumns"),
        };
        if (spec.IncludeDriftColumns.Intersect(spec.ExcludeDriftColumns).FirstOrDefault() is { } both)
            throw new PortalValidationException($"Column {both} is both added to and removed from the drift columns.");
        var duplicate = spec.NamedColumns().Where(c => c.Role is not "predictionClassColumns" and not "predictionScoreColumns" and not "segmentColumns")
            .GroupBy(c => c.Column).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new PortalValidationException($"Column {duplicate.Key} is named twice ({string.Join(" and ", duplicate.Select(d => d.Role))}).");
        return spec;
    }

    /// <summary>The request that recreates <paramref name="spec"/> (the edit form starts from it).</summary>
    public static MonitorRequest From(MonitorSpec spec) => new()
    {
        Name = spec.Name, Model = spec.Model, Version = spec.Version, Function = spec.Function, Source = spec.Source,
        Baseline = spec.Baseline, TimestampColumn = spec.TimestampColumn, AggregationWindowDays = spec.AggregationWindowDays,
        IdColumns = [.. spec.IdColumns], PredictionClassColumns = [.. spec.PredictionClassColumns],
        PredictionScoreColumns = [.. spec.PredictionScoreColumns], ActualClassColumns = [.. spec.ActualClassColumns],
        SegmentColumns = [.. spec.SegmentColumns], RefreshInterval = spec.RefreshInterval, Warehouse = spec.Warehouse,
        IncludeDriftColumns = [.. spec.IncludeDriftColumns], ExcludeDriftColumns = [.. spec.ExcludeDriftColumns],
    };

    private static List<string> List(List<string>? values, string field) =>
        (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => MonitorSpec.Id(v, field)).Distinct().ToList();
}
