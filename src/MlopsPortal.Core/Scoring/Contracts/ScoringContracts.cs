namespace MlopsPortal.Core.Scoring.Contracts;

// The REST API's JSON shapes of this feature (docs/api.md): the endpoints bind and answer them, the CLI's typed client
// sends and reads them.

/// <summary>docs/api.md's scoring-run body: model, version or alias, source, filter, output, mode, execution.</summary>
public sealed record ScoringRunRequest(
    string Model, string? Version, string? Alias, string Source, List<FilterCondition>? Filter, string Output,
    string? Mode, string? Execution, List<string>? KeepColumns, double? Threshold, string? ScoreColumn, string? ClassColumn);

public sealed record ScoringRunDto(
    Guid Id, string Status, double Progress, long? Rows, string Model, string? Version, string? Alias, string? VersionUsed,
    string Source, string Output, string Mode, string Execution, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt,
    string? Error, IReadOnlyDictionary<string, long> UnseenCategories, string? CreatedBy);

/// <summary>A schedule: a name, a cron (5 fields) in a time zone, and the scoring-run body it starts each time.</summary>
public sealed record ScheduleRequest(string Name, string Cron, string? TimeZone, ScoringRunRequest Run, bool? Paused);

public sealed record ScheduleDto(
    string Name, string Cron, string TimeZone, bool Paused, string BoundTo, string Model, string? Version, string? Alias,
    string Source, string Output, string Owner, DateTime CreatedAt, Guid? LastRunId, DateTime? LastFiredAt, IReadOnlyList<DateTime> NextFireTimes);
