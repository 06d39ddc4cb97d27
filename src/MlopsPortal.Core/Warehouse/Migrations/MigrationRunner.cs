namespace MlopsPortal.Core.Warehouse.Migrations;

/// <summary>
/// Applies the migrations a warehouse is missing, in version order, inside one transaction, and records
/// each in <c>_migrations</c> (version, name, applied_at). Running it again applies nothing.
/// </summary>
public sealed class MigrationRunner(IWarehouse warehouse, IReadOnlyList<Migration> migrations) : IDisposable
{
    public const string HistoryTable = "_migrations";

    private readonly SemaphoreSlim _gate = new(1, 1);

    public MigrationRunner(IWarehouse warehouse) : this(warehouse, PortalMigrations.All) { }

    public IReadOnlyList<Migration> Migrations { get; } = Ordered(migrations);

    public async Task<IReadOnlyList<AppliedMigration>> RunAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await warehouse.InTransactionAsync(async session =>
            {
                var d = warehouse.Dialect;
                var history = d.QuoteOwn(HistoryTable);
                await session.ExecuteAsync(
                    $"CREATE TABLE IF NOT EXISTS {history} ({d.QuoteOwn("version")} {d.TypeName(WarehouseType.Integer)} PRIMARY KEY, " +
                    $"{d.QuoteOwn("name")} {d.TypeName(WarehouseType.Text)} NOT NULL, " +
                    $"{d.QuoteOwn("applied_at")} {d.TypeName(WarehouseType.Timestamp)} NOT NULL)", ct: ct);
                var done = (await session.QueryAsync<long>($"SELECT {d.QuoteOwn("version")} FROM {history}", ct: ct)).ToHashSet();
                var applied = new List<AppliedMigration>();
                foreach (var m in Migrations.Where(m => !done.Contains(m.Version)))
                {
                    ct.ThrowIfCancellationRequested();
                    try
                    {
                        await session.ExecuteAsync(m.Sql(d), ct: ct);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        throw new MigrationException($"Migration {m.Version} '{m.Name}' failed: {e.Message}", e);
                    }
                    await session.ExecuteAsync(
                        $"INSERT INTO {history} VALUES ({d.Parameter("version")}, {d.Parameter("name")}, {d.Parameter("applied_at")})",
                        new Dictionary<string, object?> { ["version"] = (long)m.Version, ["name"] = m.Name, ["applied_at"] = DateTime.UtcNow },
                        ct);
                    applied.Add(new AppliedMigration(m.Version, m.Name));
                }
                return (IReadOnlyList<AppliedMigration>)applied;
            }, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static List<Migration> Ordered(IReadOnlyList<Migration> migrations)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new MigrationException(
                $"Migration version {duplicate.Key} is used twice: {string.Join(", ", duplicate.Select(m => $"'{m.Name}'"))}.");
        var invalid = migrations.FirstOrDefault(m => m.Version <= 0);
        if (invalid is not null)
            throw new MigrationException($"Migration '{invalid.Name}' has version {invalid.Version}; versions start at 1.");
        return migrations.OrderBy(m => m.Version).ToList();
    }
}

public sealed class MigrationException(string message, Exception? inner = null) : Exception(message, inner);
