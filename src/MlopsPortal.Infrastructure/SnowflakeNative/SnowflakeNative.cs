using MlopsPortal.Core.SnowflakeNative;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Core.Security;

namespace MlopsPortal.Infrastructure.SnowflakeNative;

/// <summary>Whether Snowflake's own objects can be reached, through which connection, or why not.</summary>
public sealed record SnowflakeNativeStatus(bool Available, string? Connection, string? Problem);

/// <summary>
/// What the pages and the API do with Snowflake's own registry, monitors, alerts and scoring: anyone signed in reads,
/// data scientists change. Each call sends the statements of the thin services beside it (golden-tested).
/// </summary>
public sealed class SnowflakeNative(SnowflakeNativeWarehouse account, ICurrentUser user, NativeAliasAudit audit)
{
    public SnowflakeNativeStatus Status => account.Problem is { } problem
        ? new(false, account.Connection, problem)
        : new(true, account.Connection, null);

    private SnowflakeModelRegistry Registry => new(account.Warehouse);
    private SnowflakeMonitors Monitors => new(account.Warehouse);
    private SnowflakeAlerts Alerts => new(account.Warehouse);

    public async Task<IReadOnlyList<NativeModel>> ListModelsAsync(CancellationToken ct = default)
    {
        await user.RequireAsync(Role.Viewer, "see Snowflake's models");
        return await Registry.ListModelsAsync(ct: ct);
    }

    public async Task<IReadOnlyList<NativeModelVersion>> ListVersionsAsync(string model, CancellationToken ct = default)
    {
        await user.RequireAsync(Role.Viewer, "see Snowflake's model versions");
        return await Registry.ListVersionsAsync(model, ct);
    }

    public async Task<IReadOnlyList<string>> SetAliasAsync(string model, string alias, string version, CancellationToken ct = default)
    {
        // The portal's own rule: PRODUCTION is moved by admins only, other aliases by data scientists.
        var caller = await user.RequireAsync(Core.Registry.AliasRules.RequiredRole(alias), $"move {alias} in Snowflake's registry");
        var statements = await Registry.SetAliasAsync(model, alias, version, ct);
        await audit.RecordAsync(model, Core.Registry.AuditActions.SetAlias, alias, version.ToUpperInvariant(), caller.UserName, ct);
        return statements;
    }

    /// <summary>The portal's audit rows for alias moves made through it in Snowflake's registry.</summary>
    public async Task<IReadOnlyList<NativeAuditEntry>> AuditAsync(string model, CancellationToken ct = default)
    {
        await user.RequireAsync(Role.Viewer, "see the audit trail");
        return await audit.ListAsync(model, ct);
    }

    public async Task UnsetAliasAsync(string model, string alias, CancellationToken ct = default)
    {
        var caller = await user.RequireAsync(Core.Registry.AliasRules.RequiredRole(alias), $"remove {alias} in Snowflake's registry");
        await Registry.UnsetAliasAsync(model, alias, ct);
        await audit.RecordAsync(model, Core.Registry.AuditActions.UnsetAlias, alias, null, caller.UserName, ct);
    }

    public async Task<string> SetMetricsAsync(string model, string version, IReadOnlyDictionary<string, double> metrics, CancellationToken ct = default)
    {
        await user.RequireAsync(Role.DataScientist, "write a version's metrics in Snowflake's registry");
        if (metrics.Count == 0)
            throw new Core.Common.PortalValidationException("Give at least one metric to write.");
        return await Registry.SetMetricsAsync(model, version, metrics, ct);
    }

    public async Task<IReadOnlyList<NativeMonitorInfo>> ListMonitorsAsync(CancellationToken ct = default)
    {
        await user.RequireAsync(Role.Viewer, "see Snowflake's model monitors");
        return await Monitors.ListAsync(ct: ct);
    }

    /// <summary>CREATE MODEL MONITOR from the same request body as an embedded monitor.</summary>
    public async Task<MonitorSpec> CreateMonitorAsync(MonitorRequest request, bool replace, CancellationToken ct = default)
    {
        await user.RequireAsync(Role.DataScientist, "create a Snowflake model monitor");
        var spec = request.ToSpec();
        await Monitors.CreateAsync(spec, replace, ct);
        return spec;
    }

    public async Task SetMonitorStateAsync(string monitor, bool active, CancellationToken ct = default)
    {
        await user.RequireAsync(Role.DataScientist, active ? "resume a Snowflake model monitor" : "suspend a Snowflake model monitor");
        await (active ? Monitors.ResumeAsync(monitor, ct) : Monitors.SuspendAsync(monitor, ct));
    }

    public async Task DropMonitorAsync(string monitor, CancellationToken ct = default)
    {
        await user.RequireAsync(Role.DataScientist, "drop a Snowflake model monitor");
        await Monitors.DropAsync(monitor, ct);
    }

    public async Task<IReadOnlyList<NativeMetricPoint>> MetricsAsync(
        string monitor, string metric, string? column, int granularityDays, DateTime fromUtc, DateTime toUtc, CancellationToken ct = default)
    {
        await user.RequireAsync(Role.Viewer, "read a Snowflake monitor's metrics");
        return await Monitors.MetricsAsync(monitor, metric.Trim().ToUpperInvariant(), column, granularityDays, fromUtc, toUtc, ct);
    }

    public async Task<IReadOnlyList<NativeAlertInfo>> ListAlertsAsync(CancellationToken ct = default)
    {
        await user.RequireAsync(Role.Viewer, "see Snowflake's alerts");
        return await Alerts.ListAsync(ct: ct);
    }

    public async Task<IReadOnlyList<string>> CreateAlertAsync(NativeAlertRequest request, CancellationToken ct = default)
    {
        await user.RequireAsync(Role.DataScientist, "create a Snowflake alert");
        return await Alerts.CreateAsync(request.ToSpec(), resume: true, ct);
    }

    public async Task AlertActionAsync(string alert, NativeAlertAction action, CancellationToken ct = default)
    {
        await user.RequireAsync(Role.DataScientist, $"{action.ToString().ToLowerInvariant()} a Snowflake alert");
        await (action switch
        {
            NativeAlertAction.Resume => Alerts.ResumeAsync(alert, ct),
            NativeAlertAction.Suspend => Alerts.SuspendAsync(alert, ct),
            NativeAlertAction.Execute => Alerts.ExecuteAsync(alert, ct),
            _ => Alerts.DropAsync(alert, ct),
        });
    }

    /// <summary>Scores a table with a native model inside Snowflake (one INSERT … SELECT through PREDICT_PROBA).</summary>
    public async Task<long> ScoreAsync(NativeScoringRequest request, CancellationToken ct = default)
    {
        await user.RequireAsync(Role.DataScientist, "score with a Snowflake model");
        var (model, versionOrAlias, inputs, target, field) = request.Validate();
        return await new SnowflakeScoring(account.Warehouse).ScoreNativeAsync(model, versionOrAlias, inputs, target, field, ct);
    }
}
