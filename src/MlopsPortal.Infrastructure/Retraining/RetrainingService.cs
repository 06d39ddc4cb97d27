using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Retraining;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Jobs;

namespace MlopsPortal.Infrastructure.Retraining;

/// <summary>Starts, reads and cancels training runs. Data scientists start runs; everyone signed in reads them.</summary>
public sealed class RetrainingService(
    IWarehouse warehouse, RegistryService registry, TrainingRunStore runs, JobLauncher launcher, JobsService jobs, ICurrentUser currentUser)
{
    /// <summary>Checks the table, columns, parameters and that the version is new, then queues the run.</summary>
    public async Task<Guid> StartAsync(TrainingRunSpec spec, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        UserTables.RefuseReserved(spec);
        var by = await currentUser.RequireAsync(Role.DataScientist, "start training runs");
        var (table, features, _) = await TrainingColumnsReader.ResolveAsync(warehouse, spec, ct);
        try
        {
            TrainingExecutor.Parameters(spec).Validate();
        }
        catch (ArgumentException e)
        {
            throw new PortalValidationException(e.Message);
        }
        var model = RegistryNames.Canonical(spec.Model, "model");
        var version = RegistryNames.Canonical(spec.Version, "version");
        var existing = (await registry.ListModelsAsync(ct: ct)).FirstOrDefault(m => m.Name == model);
        if (existing?.Versions.Contains(version) == true)
            throw new PortalValidationException($"Model {model} already has a version {version}; choose another version name.");
        if (!string.IsNullOrWhiteSpace(spec.PredictionsTable))
            warehouse.Dialect.Quote(spec.PredictionsTable); // a valid name the user may write (not the portal's own), before anything runs
        foreach (var k in spec.PredictionKeepColumns)
            if (table.Column(k) is null) throw new PortalValidationException($"Table {table.Name} has no column {k} to keep in the predictions.");

        var id = Guid.NewGuid();
        await runs.CreateAsync(id, spec with { Model = model, Version = version }, by, ct);
        var title = $"Train {model} {version} on {table.Name} ({features.Count} features)";
        await launcher.EnqueueAsync<RetrainingJob>(id, "retraining", title, by.UserName, runId => job => job.RunAsync(runId, CancellationToken.None), ct);
        return id;
    }

    public async Task<TrainingRun> GetAsync(Guid id, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "see training runs");
        return (await runs.GetAsync(id, ct))?.Run ?? throw new PortalNotFoundException($"There is no training run {id}.");
    }

    public async Task<IReadOnlyList<TrainingRun>> ListAsync(int limit = 100, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "see training runs");
        return await runs.ListAsync(limit, ct);
    }

    /// <summary>The numeric columns of a table a form can offer as features (and the label).</summary>
    public async Task<IReadOnlyList<ColumnInfo>> NumericColumnsAsync(string table, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "read tables");
        var info = await warehouse.DescribeTableAsync(Identifier.Validate(table, "table name"), ct)
            ?? throw new PortalNotFoundException($"There is no table {table}.");
        return info.Columns.Where(c => TrainingColumns.IsNumeric(c.Type)).ToList();
    }

    public async Task<bool> CancelAsync(Guid id, CancellationToken ct = default)
    {
        _ = await GetAsync(id, ct);
        await currentUser.RequireAsync(Role.DataScientist, "cancel training runs");
        return await jobs.CancelAsync(id, ct);
    }
}
