using MlopsPortal.Core.SnowflakeNative;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.SnowflakeNative;

/// <summary>A Snowflake alert, from SHOW ALERTS.</summary>
public sealed record NativeAlertInfo(string Name, string? State, string? Schedule, string? Warehouse, string? Condition, string? Comment);

/// <summary>Snowflake alerts for monitor metrics: create (and resume: alerts are created suspended), suspend, execute now, drop, list.</summary>
public sealed class SnowflakeAlerts(IWarehouse warehouse)
{
    public async Task<IReadOnlyList<string>> CreateAsync(NativeAlertSpec spec, bool resume = true, CancellationToken ct = default)
    {
        var statements = new List<string> { AlertStatements.Create(spec) };
        if (resume) statements.Add(AlertStatements.Resume(spec.Alert.Name));
        foreach (var sql in statements) await warehouse.ExecuteAsync(sql, ct: ct);
        return statements;
    }

    public Task ResumeAsync(string alert, CancellationToken ct = default) => warehouse.ExecuteAsync(AlertStatements.Resume(alert), ct: ct);

    public Task SuspendAsync(string alert, CancellationToken ct = default) => warehouse.ExecuteAsync(AlertStatements.Suspend(alert), ct: ct);

    /// <summary>Runs the alert once now; a suspended alert stays suspended.</summary>
    public Task ExecuteAsync(string alert, CancellationToken ct = default) => warehouse.ExecuteAsync(AlertStatements.Execute(alert), ct: ct);

    public Task DropAsync(string alert, CancellationToken ct = default) => warehouse.ExecuteAsync(AlertStatements.Drop(alert), ct: ct);

    public async Task<IReadOnlyList<NativeAlertInfo>> ListAsync(string? schema = null, CancellationToken ct = default)
    {
        var rows = await ShowRow.ReadAsync(warehouse, AlertStatements.Show(schema), ct);
        return rows.Select(r => new NativeAlertInfo(
                r.Text("name") ?? "", r.Text("state"), r.Text("schedule"), r.Text("warehouse"), r.Text("condition"), r.Text("comment")))
            .ToList();
    }
}
