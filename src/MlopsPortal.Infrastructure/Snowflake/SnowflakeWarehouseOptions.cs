namespace MlopsPortal.Infrastructure.Snowflake;

public sealed class SnowflakeWarehouseOptions
{
    /// <summary>Rows per INSERT are chosen so one statement carries at most this many bindings.</summary>
    public int MaxBindingsPerStatement { get; init; } = 16_000;

    /// <summary>The schema the portal's own tables live in (also the session's current schema).</summary>
    public string? Schema { get; init; }

    public int RowsPerChunk(int columns) => Math.Max(1, MaxBindingsPerStatement / Math.Max(1, columns));
}
