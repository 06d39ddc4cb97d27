using MlopsPortal.Core.Common;
using MlopsPortal.Core.Monitoring;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Jobs;

namespace MlopsPortal.Infrastructure.Monitoring;

/// <summary>The default drift columns of a monitor being written and the columns a user may add (the form's picker).</summary>
public sealed record DriftColumnChoice(IReadOnlyList<string> Default, IReadOnlyList<string> Candidates);

/// <summary>
/// The monitors' application service (pages and /api/monitors): Viewer reads; DataScientist creates, refreshes,
/// suspends, resumes, edits and deletes. Every name is validated; the warehouse and (when given) the registry are checked
/// before anything is stored.
/// </summary>
public sealed class MonitorService(
    IWarehouse warehouse, MonitorStore store, MetricStore metrics, IMonitorScheduler scheduler, ICurrentUser currentUser, TimeProvider clock,
    MonitorRefresher? refresher = null, IRegistryStore? registry = null)
{
    public const string RefreshJobKind = "monitor-refresh";

    public async Task<MonitorInfo> CreateAsync(MonitorRequest request, bool replace, CancellationToken ct = default)
    {
        var user = await currentUser.RequireAsync(Role.DataScientist, "create monitors");
        var spec = request.ToSpec();
        await CheckAsync(spec, ct);
        await store.InsertAsync(spec, user.UserName, replace, clock.GetUtcNow().UtcDateTime, ct);
        scheduler.Schedule(spec);
        return (await store.GetAsync(spec.Name, ct))!;
    }

    /// <summary>
    /// Edits monitor <paramref name="name"/>: the new parameters are checked like a new monitor's, then the monitor is
    /// recreated under the same name (its metrics are recomputed at the next refresh) and keeps its state.
    /// </summary>
    public async Task<MonitorInfo> UpdateAsync(string name, MonitorRequest request, CancellationToken ct = default)
    {
        var user = await currentUser.RequireAsync(Role.DataScientist, "edit monitors");
        var existing = await FindAsync(name, ct);
        if (!string.IsNullOrWhiteSpace(request.Name) && !string.Equals(request.Name.Trim(), existing.Name, StringComparison.OrdinalIgnoreCase))
            throw new PortalValidationException($"An edit keeps the monitor's name ({existing.Name}); create a new monitor to use the name {request.Name}.");
        request.Name = existing.Name;
        var spec = request.ToSpec();
        await CheckAsync(spec, ct);
        await store.InsertAsync(spec, existing.CreatedBy ?? user.UserName, replace: true, existing.CreatedAt, ct);
        if (existing.State == MonitorState.Suspended)
        {
            await store.SetStateAsync(spec.Name, MonitorState.Suspended, ct);
            scheduler.Unschedule(spec.Name);
        }
        else
        {
            scheduler.Schedule(spec);
        }

        return (await store.GetAsync(spec.Name, ct))!;
    }

    /// <summary>Refuses what cannot work: a model or version the registry does not hold, tables or columns that are not there.</summary>
    private async Task CheckAsync(MonitorSpec spec, CancellationToken ct)
    {
        await CheckRegistryAsync(spec, ct);
        await MonitorPlanning.PlanAsync(warehouse, registry, spec, ct);
    }

    private async Task CheckRegistryAsync(MonitorSpec spec, CancellationToken ct)
    {
        if (registry is not null)
        {
            var model = await registry.GetModelAsync(spec.Model, ct)
                ?? throw new PortalValidationException($"The registry has no model {spec.Model}; register it first or pick one of the registry's models.");
            if (!model.Versions.Contains(spec.Version, StringComparer.OrdinalIgnoreCase))
                throw new PortalValidationException($"Model {model.Name} has no version {spec.Version} (versions: {string.Join(", ", model.Versions)}).");
        }
    }

    /// <summary>The monitor's resolved columns, its drift columns among them (docs/metrics.md, "Which columns drift").</summary>
    public async Task<MonitorColumns> PlanAsync(MonitorSpec spec, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "see monitors");
        return await MonitorPlanning.PlanAsync(warehouse, registry, spec, ct);
    }

    /// <summary>
    /// What the New monitor form starts from for <paramref name="model"/> <paramref name="version"/>: the registry's
    /// version and the warehouse's tables and columns (<see cref="MonitorDefaults"/>).
    /// </summary>
    public async Task<MonitorRequest> SuggestAsync(string model, string version, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "see monitors");
        var found = registry is null ? null : await registry.GetVersionAsync(model, version, ct);
        var tables = (await warehouse.ListTablesAsync(ct)).Where(t => !PortalTables.IsInternal(t.Name)).ToList();
        return MonitorDefaults.Suggest(model, version, tables, found is null ? null : MonitorColumns.ModelInputs(found.Preprocessing));
    }

    /// <summary>
    /// For the monitor form: the columns that drift by default for the request's model version and source (its inputs and
    /// prediction columns, without the request's own additions and removals), and the columns a user may add. Refuses,
    /// naming what is wrong, what the save would refuse (an unknown model or version, missing tables or columns), so the
    /// form shows it before saving.
    /// </summary>
    public async Task<DriftColumnChoice> DriftChoiceAsync(MonitorRequest request, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "see monitors");
        var spec = request.ToSpec() with { IncludeDriftColumns = [], ExcludeDriftColumns = [] };
        await CheckRegistryAsync(spec, ct);
        var plan = await MonitorPlanning.PlanAsync(warehouse, registry, spec, ct);
        var source = (await warehouse.DescribeTableAsync(spec.Source, ct))!;
        return new DriftColumnChoice(plan.Drift.Select(d => d.Name).ToList(), MonitorColumns.Candidates(spec, source));
    }

    public async Task<IReadOnlyList<MonitorInfo>> ListAsync(CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "see monitors");
        return await store.ListAsync(ct);
    }

    public async Task<MonitorInfo> GetAsync(string name, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "see monitors");
        return await FindAsync(name, ct);
    }

    /// <summary>Enqueues a refresh job; returns its run id (the Jobs page shows its progress).</summary>
    public async Task<Guid> RefreshAsync(string name, bool full, CancellationToken ct = default)
    {
        var user = await currentUser.RequireAsync(Role.DataScientist, "refresh monitors");
        var info = await FindAsync(name, ct);
        return await scheduler.EnqueueRefreshAsync(info.Name, full, user.UserName, ct);
    }

    /// <summary>
    /// Called after a job wrote <paramref name="table"/> (e.g. a scoring run): enqueues an incremental refresh of every
    /// active monitor reading it. Returns the run ids.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> RefreshMonitorsOfSourceAsync(string table, CancellationToken ct = default)
    {
        var user = await currentUser.RequireAsync(Role.DataScientist, "refresh monitors");
        var runs = new List<Guid>();
        foreach (var m in await store.ListAsync(ct))
        {
            if (m.State == MonitorState.Active && string.Equals(m.Spec.Source, table, StringComparison.OrdinalIgnoreCase))
                runs.Add(await scheduler.EnqueueRefreshAsync(m.Name, false, user.UserName, ct));
        }

        return runs;
    }

    public async Task<MonitorInfo> SetStateAsync(string name, MonitorState state, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.DataScientist, state == MonitorState.Suspended ? "suspend monitors" : "resume monitors");
        var info = await FindAsync(name, ct);
        await store.SetStateAsync(info.Name, state, ct);
        if (state == MonitorState.Suspended)
            scheduler.Unschedule(info.Name);
        else
            scheduler.Schedule(info.Spec);
        return (await store.GetAsync(info.Name, ct))!;
    }

    public async Task DeleteAsync(string name, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.DataScientist, "delete monitors");
        var info = await FindAsync(name, ct);
        scheduler.Unschedule(info.Name);
        await store.DeleteAsync(info.Name, ct);
    }

    /// <summary>
    /// Metric points shaped like MODEL_MONITOR_*_METRIC. At the monitor's own window ("7 DAYS") they are read as stored; a
    /// coarser granularity (a multiple of it, e.g. "28 DAYS" or "ALL") is recomputed from the source.
    /// </summary>
    public async Task<IReadOnlyList<MonitorMetric>> MetricsAsync(
        string name, string? metric, string? column, string? granularity, DateTime? start, DateTime? end,
        string? segmentColumn = null, string? segmentValue = null, CancellationToken ct = default)
    {
        var info = await GetAsync(name, ct);
        if (metric is not null && !Core.Monitoring.MetricNames.IsKnown(metric.ToUpperInvariant()))
            throw new PortalValidationException($"Unknown metric '{metric}'; use one of {string.Join(", ", Core.Monitoring.MetricNames.All)}.");
        if (segmentColumn is not null && !info.Spec.SegmentColumns.Contains(segmentColumn.ToUpperInvariant()))
            throw new PortalValidationException($"{segmentColumn} is not a segment column of monitor {info.Name}; its segments are: {string.Join(", ", info.Spec.SegmentColumns)}.");
        var days = string.IsNullOrWhiteSpace(granularity) ? info.Spec.AggregationWindowDays : Granularity.Days(granularity, info.Spec.AggregationWindowDays);
        if (days != info.Spec.AggregationWindowDays)
        {
            if (refresher is null)
                throw new PortalValidationException($"granularity '{granularity}' needs a recomputation, which this service cannot do.");
            // Coarser windows are recomputed from the source (ratios, AUC and drift do not add up across stored windows).
            return (await refresher.ComputeAtGranularityAsync(info.Spec, days, segmentColumn?.ToUpperInvariant(), ct))
                .Where(m => (metric is null || string.Equals(m.Metric, metric, StringComparison.OrdinalIgnoreCase))
                    && (string.IsNullOrWhiteSpace(column) || string.Equals(m.Column, column, StringComparison.OrdinalIgnoreCase))
                    && (segmentValue is null || m.SegmentValue == segmentValue)
                    && (start is null || m.WindowStart >= start) && (end is null || m.WindowStart <= end))
                .OrderBy(m => m.WindowStart).ToList();
        }

        return await metrics.QueryAsync(info.Name, metric?.ToUpperInvariant(), string.IsNullOrWhiteSpace(column) ? null : column.ToUpperInvariant(),
            start, end, segmentColumn?.ToUpperInvariant(), segmentValue, ct: ct);
    }

    public async Task<IReadOnlyList<MonitorMetric>> AllMetricsAsync(string name, CancellationToken ct = default)
    {
        var info = await GetAsync(name, ct);
        return await metrics.QueryAsync(info.Name, allSegments: true, ct: ct);
    }

    public async Task<IReadOnlyList<(string Column, string Value)>> SegmentsAsync(string name, CancellationToken ct = default)
    {
        var info = await GetAsync(name, ct);
        return await metrics.SegmentsAsync(info.Name, ct);
    }

    private async Task<MonitorInfo> FindAsync(string name, CancellationToken ct)
    {
        if (!Identifier.IsValid(name))
            throw new PortalValidationException($"'{name}' is not a valid monitor name.");
        return await store.GetAsync(name.ToUpperInvariant(), ct) ?? throw new PortalNotFoundException($"There is no monitor named {name}.");
    }
}
