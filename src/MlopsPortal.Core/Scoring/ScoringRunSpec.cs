namespace MlopsPortal.Core.Scoring;

public enum WriteMode
{
    /// <summary>The output table becomes exactly this run's rows.</summary>
    Overwrite,

    /// <summary>This run's rows are added to the output table (created when missing).</summary>
    Append,

    /// <summary>Rows of the output that fall in this run's filter are replaced by this run's rows.</summary>
    Replace,
}

public enum ScoringExecution
{
    /// <summary>Pick the backend's best: in-warehouse.</summary>
    Auto,

    /// <summary>One INSERT … SELECT with the model compiled to SQL.</summary>
    Warehouse,

    /// <summary>Batches streamed through the in-process predictor.</summary>
    Streamed,
}

/// <summary>What to score: a model version (or alias, resolved when the run starts), a source table and filter, and where to write.</summary>
public sealed record ScoringRunSpec
{
    public required string Model { get; init; }

    /// <summary>A version name; give this or <see cref="Alias"/>.</summary>
    public string? Version { get; init; }

    public string? Alias { get; init; }

    public required string Source { get; init; }

    public IReadOnlyList<FilterCondition> Filter { get; init; } = [];

    public required string Output { get; init; }

    public WriteMode Mode { get; init; } = WriteMode.Overwrite;

    public ScoringExecution Execution { get; init; } = ScoringExecution.Auto;

    /// <summary>Source columns copied to the output; null = all of them.</summary>
    public IReadOnlyList<string>? KeepColumns { get; init; }

    public string ScoreColumn { get; init; } = OutputColumns.PredictedScore;

    public string ClassColumn { get; init; } = OutputColumns.PredictedResponse;

    /// <summary>A row is class 1 when its score is above this.</summary>
    public double Threshold { get; init; } = 0.5;

    public string VersionOrAlias => Version ?? Alias ?? "";

    /// <summary>The rows this run scores, as the runs list and run page show it ("WEEK = 2", or "all rows").</summary>
    public string FilterText => Filter.Count == 0 ? "all rows" : string.Join(" AND ", Filter.Select(f => $"{f.Column} {f.Op} {f.Value}"));
}
