using MlopsPortal.Core.Common;
using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Core.Alerts;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.FeatureStore;

/// <summary>Where a feature view's rows come from and which model versions trained on it.</summary>
public sealed record FeatureViewLineage(string? SourceTable, string? Recipe, string? RecipeSourceTable, IReadOnlyList<TrainingUse> TrainedVersions);

public sealed record FeatureViewDetail(StoredFeatureView View, IReadOnlyList<string> Keys, TableInfo? Table, FeatureViewLineage Lineage, DateTime? NextRefresh);

/// <summary>
/// A written training set: its table and spine rows, split into <paramref name="Matched"/> (one feature row at or before
/// the spine's timestamp), <paramref name="Unmatched"/> (none) and <paramref name="Ambiguous"/> (several feature rows
/// share the keys and the matched timestamp, so the join took one of them); the duplicated keys behind the ambiguity.
/// </summary>
/// <param name="DuplicateKeys">Distinct (keys, timestamp) groups of the view with several rows that spine rows matched.</param>
/// <param name="ExampleKey">The duplicated group with the most rows, e.g. <c>LOAN_ID=157154, WEEK_START_DATE=2025-06-15 00:00:00 (150 rows)</c>.</param>
/// <param name="Warning">Set when the set was written despite ambiguous rows (<see cref="DuplicateKeyPolicy.Warn"/>).</param>
public sealed record TrainingSetResult(
    string OutputTable, long Rows, long Matched, long Unmatched, long Ambiguous, long DuplicateKeys, string? ExampleKey, string? Warning,
    IReadOnlyList<string> Features);

/// <summary>Entities, feature views (materialized NAME$VERSION, refreshed on schedule), point-in-time training sets, lineage.</summary>
public sealed class FeatureStoreService(
    IWarehouse warehouse, FeatureStoreStore store, RecipeStore recipes, FeatureViewMaterializer materializer,
    IFeatureViewScheduler scheduler, IRegistryStore registry, ICurrentUser user, TimeProvider clock)
{
    public const string RefreshJobKind = "feature-view-refresh";

    public async Task<StoredEntity> CreateEntityAsync(EntitySpec spec, CancellationToken ct)
    {
        var me = await user.RequireAsync(Role.DataScientist, "create entities");
        spec = spec with { JoinKeys = spec.JoinKeys ?? [] };
        FeatureStoreValidator.Validate(spec);
        await store.SaveEntityAsync(spec, me.UserName, Now, ct);
        return (await store.ListEntitiesAsync(ct)).First(e => e.Spec.Name == spec.Name);
    }

    public async Task<IReadOnlyList<StoredEntity>> ListEntitiesAsync(CancellationToken ct)
    {
        await user.RequireAsync(Role.Viewer, "read the feature store");
        return await store.ListEntitiesAsync(ct);
    }

    /// <summary>Stores the view (replacing the same NAME$VERSION) and schedules its refresh; materialize with a refresh.</summary>
    public async Task<StoredFeatureView> CreateViewAsync(FeatureViewSpec spec, CancellationToken ct)
    {
        UserTables.RefuseReserved(spec);
        var me = await user.RequireAsync(Role.DataScientist, "create feature views");
        spec = spec.Normalized();
        var cron = FeatureStoreValidator.Validate(spec);
        await materializer.KeysAsync(spec, ct);
        if (spec.Recipe is not null && !await recipes.ExistsAsync(spec.Recipe, ct))
            throw new PortalValidationException($"Feature view {spec.TableName}: recipe {spec.Recipe} does not exist; save it first.");
        if (spec.SourceTable is not null && await warehouse.DescribeTableAsync(spec.SourceTable, ct) is null)
            throw new PortalValidationException($"Feature view {spec.TableName}: source table {spec.SourceTable} does not exist.");
        await store.SaveViewAsync(spec, me.UserName, Now, ct);
        scheduler.Schedule(spec.Name, spec.Version, cron);
        return (await store.GetViewAsync(spec.Name, spec.Version, ct))!;
    }

    public async Task<IReadOnlyList<StoredFeatureView>> ListViewsAsync(CancellationToken ct)
    {
        await user.RequireAsync(Role.Viewer, "read the feature store");
        return await store.ListViewsAsync(ct);
    }

    public async Task<FeatureViewDetail> GetViewAsync(string name, int version, CancellationToken ct)
    {
        await user.RequireAsync(Role.Viewer, "read the feature store");
        var view = await store.GetViewAsync(name, version, ct)
            ?? throw new PortalNotFoundException($"Feature view {FeatureViewNames.Table(name, version)} does not exist.");
        var spec = view.Spec;
        var recipe = spec.Recipe is null ? null : await recipes.GetAsync(spec.Recipe, ct);
        var lineage = new FeatureViewLineage(
            spec.SourceTable ?? recipe?.Recipe.OutputTable, spec.Recipe, recipe?.Recipe.SourceTable, await TrainedVersionsAsync(spec.TableName, ct));
        IReadOnlyList<string> keys;
        try { keys = await materializer.KeysAsync(spec, ct); }
        catch (PortalValidationException) { keys = []; }
        var next = CronSchedule.NextOccurrences(FeatureStoreValidator.ScheduleCron(spec.Schedule), Now, 1) is [var first, ..] ? first : default;
        return new FeatureViewDetail(view, keys, await warehouse.DescribeTableAsync(spec.TableName, ct), lineage, next == default ? null : next);
    }

    /// <summary>Refreshes now, in this call (the API and the job use <see cref="EnqueueRefreshAsync"/>).</summary>
    public async Task<long> RefreshAsync(string name, int version, CancellationToken ct)
    {
        await user.RequireAsync(Role.DataScientist, "refresh feature views");
        return await materializer.RefreshAsync(name, version, null, ct);
    }

    /// <summary>Starts a tracked refresh job ("refresh now"); returns the run id.</summary>
    public async Task<Guid> EnqueueRefreshAsync(string name, int version, CancellationToken ct)
    {
        var me = await user.RequireAsync(Role.DataScientist, "refresh feature views");
        _ = await store.GetViewAsync(name, version, ct) ?? throw new PortalNotFoundException($"Feature view {FeatureViewNames.Table(name, version)} does not exist.");
        return await scheduler.EnqueueRefreshAsync(name, version, me.UserName, ct);
    }

    /// <summary>Writes a point-in-time training set (ASOF join: latest feature row at or before each spine row, never later).</summary>
    public async Task<TrainingSetResult> CreateTrainingSetAsync(TrainingSetRequest request, CancellationToken ct)
    {
        UserTables.RefuseReserved(request);
        await user.RequireAsync(Role.DataScientist, "create training sets");
        request = request with { LabelColumns = request.LabelColumns ?? [], Features = request.Features ?? [] };
        Identifier.Validate(request.SpineTable, "spine table");
        Identifier.Validate(request.OutputTable, "output table");
        Identifier.Validate(request.SpineTimestampColumn, "spine timestamp column");
        var view = await store.GetViewAsync(request.View, request.Version, ct)
            ?? throw new PortalNotFoundException($"Feature view {FeatureViewNames.Table(request.View, request.Version)} does not exist.");
        var viewTable = await warehouse.DescribeTableAsync(view.Spec.TableName, ct)
            ?? throw new PortalValidationException($"Feature view {view.Spec.TableName} is not materialized yet; refresh it first.");
        var spine = await warehouse.DescribeTableAsync(request.SpineTable, ct)
            ?? throw new PortalValidationException($"Spine table {request.SpineTable} does not exist.");
        var keys = await materializer.KeysAsync(view.Spec, ct);
        var features = TrainingSetColumns.Features(request, view.Spec, viewTable, spine, keys);

        var sql = FeatureViewSql.TrainingSet(request, keys, view.Spec.TimestampColumn, features, warehouse.Dialect);
        var check = await CheckKeysAsync(request, keys, view.Spec, ct);
        string? warning = null;
        if (check.Ambiguous > 0)
        {
            var message = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{view.Spec.TableName} is not unique on ({string.Join(", ", keys)}, {view.Spec.TimestampColumn}) at the spine's timestamps: "
                + $"{check.DuplicateKeys:N0} duplicated key{(check.DuplicateKeys == 1 ? "" : "s")} (e.g. {check.Example}) leave {check.Ambiguous:N0} of {check.Rows:N0} spine rows "
                + $"ambiguous: the join would pair their labels with one of several feature rows.");
            if (request.OnDuplicateKeys == DuplicateKeyPolicy.Refuse)
                throw new PortalValidationException($"Training set refused: {message} Make the key unique (add a key column or deduplicate the view), or choose Warn to write it anyway.");
            warning = message;
        }
        await warehouse.ExecuteAsync(sql, ct: ct);
        return new TrainingSetResult(
            request.OutputTable, check.Rows, check.WithFeatures - check.Ambiguous, check.Rows - check.WithFeatures, check.Ambiguous,
            check.DuplicateKeys, check.Example, warning, features);
    }

    private sealed record KeyCheck(long Rows, long WithFeatures, long Ambiguous, long DuplicateKeys, string? Example);

    /// <summary>Counts the spine rows the ASOF join would match, and those whose match is one of several rows (docs/metrics.md).</summary>
    private async Task<KeyCheck> CheckKeysAsync(TrainingSetRequest request, IReadOnlyList<string> keys, FeatureViewSpec view, CancellationToken ct)
    {
        var d = warehouse.Dialect;
        long rows = 0, withFeatures = 0, ambiguous = 0;
        await foreach (var batch in warehouse.StreamAsync(FeatureViewSql.TrainingSetKeyCounts(request, keys, view.TimestampColumn, d), ct: ct))
            foreach (var row in batch.Rows)
                (rows, withFeatures, ambiguous) = (Long(row[0]), Long(row[1]), Long(row[2]));
        if (ambiguous == 0)
            return new KeyCheck(rows, withFeatures, 0, 0, null);
        long groups = 0;
        string? example = null;
        await foreach (var batch in warehouse.StreamAsync(FeatureViewSql.TrainingSetDuplicateKeys(request, keys, view.TimestampColumn, d, 1), ct: ct))
            foreach (var row in batch.Rows)
            {
                var parts = keys.Append(view.TimestampColumn).Select((k, i) => $"{k}={Text(row[i])}");
                example = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{string.Join(", ", parts)} ({Long(row[keys.Count + 1]):N0} rows)");
                groups = Long(row[keys.Count + 3]);
            }
        return new KeyCheck(rows, withFeatures, ambiguous, groups, example);
    }

    private static long Long(object? value) => value is null ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);

    private static string Text(object? value) => value switch
    {
        null => "NULL",
        DateTime t => t.ToString(t.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Lineage: records that <paramref name="model"/> <paramref name="modelVersion"/> trained on the view (retraining calls it).</summary>
    public async Task RecordTrainingUseAsync(string view, int version, string model, string modelVersion, string? trainingSet, CancellationToken ct)
    {
        var me = await user.RequireAsync(Role.DataScientist, "record training lineage");
        _ = await store.GetViewAsync(view, version, ct) ?? throw new PortalNotFoundException($"Feature view {FeatureViewNames.Table(view, version)} does not exist.");
        await store.AddTrainingUseAsync(new TrainingUse(FeatureViewNames.Table(view, version), model, modelVersion, trainingSet, Now, me.UserName), ct);
    }

    /// <summary>The feature views a model version was trained on (the version page's lineage), newest first.</summary>
    public async Task<IReadOnlyList<TrainingUse>> TrainedOnAsync(string model, string version, CancellationToken ct)
    {
        await user.RequireAsync(Role.Viewer, "read lineage");
        return await store.TrainingUsesOfVersionAsync(model, version, ct);
    }

    /// <summary>
    /// Recorded training uses, plus registry versions whose source or comment names the view's table (NAME$VERSION), so a
    /// version registered with that lineage shows even when nobody recorded the use.
    /// </summary>
    private async Task<IReadOnlyList<TrainingUse>> TrainedVersionsAsync(string table, CancellationToken ct)
    {
        var uses = (await store.TrainingUsesAsync(table, ct)).ToList();
        foreach (var model in await registry.ListModelsAsync(ct))
        {
            foreach (var v in await registry.ListVersionsAsync(model.Name, ct))
            {
                var names = Names(v.Source.Uri, table) || Names(v.Comment, table);
                if (names && !uses.Any(u => u.Model == v.Model && u.Version == v.Name))
                    uses.Add(new TrainingUse(table, v.Model, v.Name, null, v.CreatedAt, v.CreatedBy));
            }
        }

        return uses.OrderByDescending(u => u.RecordedAt).ToList();
    }

    /// <summary>True when <paramref name="text"/> names <paramref name="table"/> as a whole word (LOAN$1 is not in LOAN$10).</summary>
    private static bool Names(string? text, string table) =>
        text is not null && System.Text.RegularExpressions.Regex.IsMatch(text, $@"(?<![A-Za-z0-9_$]){System.Text.RegularExpressions.Regex.Escape(table)}(?![A-Za-z0-9_$])",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
