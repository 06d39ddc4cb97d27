using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Jobs;

namespace MlopsPortal.Infrastructure.Scoring;

/// <summary>Starts, reads and cancels scoring runs. Data scientists start runs; everyone signed in reads them.</summary>
public sealed class ScoringService(
    IWarehouse warehouse, RegistryService registry, ScoringRunStore runs, JobLauncher launcher, JobsService jobs, ICurrentUser currentUser)
{
    /// <summary>Checks everything a run needs (model, version or alias, tables, columns, filter), then queues it.</summary>
    public async Task<Guid> StartAsync(ScoringRunSpec spec, CancellationToken ct = default)
    {
        var by = await currentUser.RequireAsync(Role.DataScientist, "start scoring runs");
        await ValidateAsync(spec, ct);
        var execution = spec.Execution == ScoringExecution.Auto ? ScoringExecution.Warehouse : spec.Execution;

        var id = Guid.NewGuid();
        await runs.CreateAsync(id, spec, execution, by, ct);
        var title = $"Score {spec.Source} with {spec.Model} {spec.VersionOrAlias} → {spec.Output}";
        await launcher.EnqueueAsync<ScoringJob>(id, "scoring", title, by.UserName, runId => job => job.RunAsync(runId, CancellationToken.None), ct);
        return id;
    }

    /// <summary>Throws naming what is wrong when the model, version or alias, tables, columns or filter do not fit together.</summary>
    public async Task ValidateAsync(ScoringRunSpec spec, CancellationToken ct = default)
    {
        if (spec.Version is null == (spec.Alias is null))
            throw new PortalValidationException("Give either a version or an alias to score with, not both.");
        var version = await registry.GetVersionAsync(spec.Model, spec.VersionOrAlias, ct);
        _ = await ScoringPlan.CreateAsync(warehouse, spec, version, ct);
    }

    public async Task<ScoringRun> GetAsync(Guid id, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "see scoring runs");
        return (await runs.GetAsync(id, ct))?.Run ?? throw new PortalNotFoundException($"There is no scoring run {id}.");
    }

    public async Task<IReadOnlyList<ScoringRun>> ListAsync(int limit = 100, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "see scoring runs");
        return await runs.ListAsync(limit, ct);
    }

    public async Task<bool> CancelAsync(Guid id, CancellationToken ct = default)
    {
        _ = await GetAsync(id, ct);
        return await jobs.CancelAsync(id, ct);
    }
}
