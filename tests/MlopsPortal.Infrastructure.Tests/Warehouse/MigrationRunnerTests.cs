using MlopsPortal.Core.Warehouse.Migrations;

namespace MlopsPortal.Infrastructure.Tests.Warehouse;

public sealed class MigrationRunnerTests : IDisposable
{
    private readonly TempWarehouse _temp = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Applies_portal_migrations_once_and_creates_the_tables()
    {
        var runner = new MigrationRunner(_temp.Warehouse);
        var first = await runner.RunAsync(Ct);
        Assert.Equal(PortalMigrations.All.Select(m => m.Version), first.Select(m => m.Version));

        var second = await new MigrationRunner(_temp.Warehouse).RunAsync(Ct);
        Assert.Empty(second);

        var jobs = (await _temp.Warehouse.ListTablesAsync(Ct)).SingleOrDefault(t => t.Name == "PORTAL_JOB_RUNS");
        Assert.NotNull(jobs);
        Assert.Equal(
            ["id", "kind", "title", "status", "progress", "message", "error", "created_at", "started_at", "finished_at", "created_by"],
            jobs.Columns.Select(c => c.Name));
        var users = (await _temp.Warehouse.ListTablesAsync(Ct)).SingleOrDefault(t => t.Name == "PORTAL_USERS");
        Assert.Equal(["username", "password_hash", "role", "created_at", "SECURITY_STAMP", "DISABLED"], users!.Columns.Select(c => c.Name));

        Assert.Equal(PortalMigrations.All.Count,
            await _temp.Warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM _migrations", ct: Ct));
    }

    [Fact]
    public async Task Applies_only_missing_migrations_in_version_order()
    {
        var log = new List<int>();
        Migration M(int v) => new(v, $"m{v}", d => { log.Add(v); return $"CREATE TABLE {d.Quote($"T{v}")} (A BIGINT)"; });

        await new MigrationRunner(_temp.Warehouse, [M(1)]).RunAsync(Ct);
        var applied = await new MigrationRunner(_temp.Warehouse, [M(3), M(1), M(2)]).RunAsync(Ct);
        Assert.Equal([2, 3], applied.Select(a => a.Version));
        Assert.Equal([1, 2, 3], log);
    }

    [Fact]
    public async Task A_failing_migration_applies_nothing_and_names_itself()
    {
        var good = new Migration(1, "good", d => "CREATE TABLE GOOD (A BIGINT)");
        var bad = new Migration(2, "bad one", d => "CREATE TABLE BROKEN (A NOT_A_TYPE)");
        var e = await Assert.ThrowsAsync<MigrationException>(() => new MigrationRunner(_temp.Warehouse, [good, bad]).RunAsync(Ct));
        Assert.Contains("Migration 2 'bad one' failed", e.Message);
        Assert.Null(await _temp.Warehouse.DescribeTableAsync("GOOD", Ct));
    }

    [Fact]
    public void Duplicate_versions_are_refused()
    {
        var e = Assert.Throws<MigrationException>(() => new MigrationRunner(_temp.Warehouse,
            [new Migration(1, "a", _ => ""), new Migration(1, "b", _ => "")]));
        Assert.Contains("version 1 is used twice", e.Message);
    }
}
