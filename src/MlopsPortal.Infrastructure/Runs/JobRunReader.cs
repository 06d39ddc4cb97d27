using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Warehouse.Migrations;

namespace MlopsPortal.Infrastructure.Runs;

/// <summary>
/// Reads a run table joined with PORTAL_JOB_RUNS: one run by ID, or the latest runs.
/// <c>runColumns</c> lists the table's own columns beyond those of <see cref="JobRunRow"/>, prefixed with <c>r.</c>.
/// </summary>
internal sealed class JobRunReader<TRow>(string runTable, string runColumns) where TRow : JobRunRow
{
    private readonly string select = $"""
        SELECT r.ID, r.CREATED_BY, r.CREATED_ROLE, r.CREATED_AT, {runColumns},
               j.STATUS, j.PROGRESS, j.MESSAGE, j.ERROR, j.STARTED_AT, j.FINISHED_AT
        FROM {runTable} r LEFT JOIN {FoundationMigrations.JobRunsTable} j ON j.ID = r.ID
        """;

    public async Task<TRow?> GetAsync(IWarehouse warehouse, Guid id, CancellationToken ct) =>
        (await warehouse.QueryAsync<TRow>(select + " WHERE r.ID = $id", new { id = id.ToString() }, ct)) is [var first, ..] ? first : default;

    public Task<IReadOnlyList<TRow>> ListAsync(IWarehouse warehouse, int limit, CancellationToken ct) =>
        warehouse.QueryAsync<TRow>(select + $" ORDER BY r.CREATED_AT DESC LIMIT {Math.Clamp(limit, 1, 1000)}", ct: ct);
}
