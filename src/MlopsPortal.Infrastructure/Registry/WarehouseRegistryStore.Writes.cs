using System.Text.Json.Nodes;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;
using static MlopsPortal.Core.Registry.RegistrySchema;

namespace MlopsPortal.Infrastructure.Registry;

/// <summary>
/// The registry's writes. Each reads what it needs first, claims the model (<see cref="RegistryWrite"/>), then writes
/// with every statement guarded by that claim; no statement depends on reading an earlier one's uncommitted effect.
/// </summary>
public sealed partial class WarehouseRegistryStore
{
    public Task AddVersionAsync(NewModelVersion request, CancellationToken ct = default) =>
        WriteAsync(request.Version.Model, async w =>
        {
            var s = w.Session;
            var v = request.Version;
            var m = Args(("m", v.Model));
            var read = await w.ReadStampAsync(ct);
            var versions = read is null ? [] : await s.QueryAsync<string>($"SELECT VERSION_NAME FROM {T(Versions)} WHERE MODEL_NAME = {P("m")}", m, ct);
            if (versions.Contains(v.Name))
                throw new PortalValidationException($"Model {v.Model} already has a version {v.Name}.");
            var seq = 1 + (read is null ? 0 : await s.ScalarAsync<long?>($"SELECT MAX(SEQ) FROM {T(Versions)} WHERE MODEL_NAME = {P("m")}", m, ct) ?? 0);
            var currentTags = read is null ? null : await s.ScalarAsync<string>($"SELECT TAGS FROM {T(Models)} WHERE MODEL_NAME = {P("m")}", m, ct);

            if (read is null)
            {
                // A new model arrives stamped; a concurrent creator's row makes this insert a no-op and the attempt retry.
                var created = await s.ExecuteAsync(
                    $"INSERT INTO {T(Models)} (MODEL_NAME, COMMENT, TAGS, OWNER, CREATED_AT, WRITE_STAMP) " +
                    $"SELECT {Cast("m", WarehouseType.Text)}, {Cast("c", WarehouseType.Text)}, {Cast("t", WarehouseType.Text)}, {Cast("o", WarehouseType.Text)}, " +
                    $"{Cast("at", WarehouseType.Timestamp)}, {Cast("stamp", WarehouseType.Text)} FROM (SELECT 1 AS ONE) AS ONE_ROW " +
                    $"WHERE NOT EXISTS (SELECT 1 FROM {T(Models)} WHERE MODEL_NAME = {P("m")})",
                    Args(("m", v.Model), ("c", request.ModelComment), ("t", RegistryJson.Write(request.ModelTags)), ("o", v.CreatedBy), ("at", w.Now), ("stamp", w.Stamp)), ct);
                w.Claimed(created);
            }
            else
            {
                await w.ClaimAsync(read, ct);
                if (request.ModelTags.Count > 0)
                    await MergeTagsAsync(w, currentTags, request.ModelTags, ct);
            }

            await w.InsertAsync(Versions,
            [
                ("MODEL_NAME", v.Model, WarehouseType.Text), ("VERSION_NAME", v.Name, WarehouseType.Text), ("SEQ", seq, WarehouseType.Integer),
                ("COMMENT", v.Comment, WarehouseType.Text), ("METRICS", v.Metrics.ToJsonString(), WarehouseType.Text), ("TASK", v.Task, WarehouseType.Text),
                ("SIGNATURE", RegistryJson.Write(v.Signature), WarehouseType.Text), ("PREPROCESSING", RegistryJson.Write(v.Preprocessing), WarehouseType.Text),
                ("SOURCE_KIND", v.Source.Kind, WarehouseType.Text), ("SOURCE_URI", v.Source.Uri, WarehouseType.Text),
                ("ARTIFACT_FORMAT", v.Source.ArtifactFormat, WarehouseType.Text), ("ARTIFACT_SHA256", v.Source.Sha256, WarehouseType.Text),
                ("ARTIFACT_BYTES", v.Source.SizeBytes, WarehouseType.Integer), ("ARTIFACT_FILE", v.Source.FileName, WarehouseType.Text),
                ("CREATED_BY", v.CreatedBy, WarehouseType.Text), ("CREATED_AT", w.Now, WarehouseType.Timestamp),
            ], ct);
            await AppendAuditAsync(w, v.CreatedBy, AuditActions.ImportVersion, null, null, v.Name, v.Source.Description, ct);
            return true;
        }, ct);

    private string Cast(string parameter, WarehouseType type) => $"CAST({P(parameter)} AS {_d.TypeName(type)})";

    private async Task MergeTagsAsync(RegistryWrite w, string? current, IReadOnlyDictionary<string, string> tags, CancellationToken ct)
    {
        var merged = new SortedDictionary<string, string>(RegistryJson.Tags(current).ToDictionary(), StringComparer.Ordinal);
        foreach (var (k, value) in tags)
            merged[k] = value;
        await w.Session.ExecuteAsync($"UPDATE {T(Models)} SET TAGS = {P("t")} WHERE MODEL_NAME = {P("m")} AND {w.Guard}",
            w.With(("m", w.Model), ("t", RegistryJson.Write(merged))), ct);
    }

    public Task UpdateModelAsync(string model, string? comment, IReadOnlyDictionary<string, string>? tags, string user, CancellationToken ct = default) =>
        WriteAsync(model, async w =>
        {
            var s = w.Session;
            var read = await w.ReadStampAsync(ct) ?? throw NoModel(model);
            var rows = await s.QueryAsync<ModelRow>($"SELECT * FROM {T(Models)} WHERE MODEL_NAME = {P("m")}", Args(("m", model)), ct);
            var old = rows.Count > 0 ? rows[0] : throw NoModel(model);
            var newTags = tags is null ? old.TAGS : RegistryJson.Write(tags);
            var newComment = comment ?? old.COMMENT;
            await w.ClaimAsync(read, ct);
            await s.ExecuteAsync($"UPDATE {T(Models)} SET COMMENT = {P("c")}, TAGS = {P("t")} WHERE MODEL_NAME = {P("m")} AND {w.Guard}",
                w.With(("m", model), ("c", newComment), ("t", newTags)), ct);
            await AppendAuditAsync(w, user, AuditActions.UpdateModel, null, null, null,
                Describe(("comment", old.COMMENT, newComment), ("tags", old.TAGS, newTags)), ct);
            return true;
        }, ct);

    public Task UpdateVersionAsync(string model, string version, string? comment, JsonObject? metrics, string user, CancellationToken ct = default) =>
        UpdateVersionAsync(model, version, comment, old => metrics is null ? old : Copy(metrics).ToJsonString(), user, ct);

    public Task UpdateVersionMetricsAsync(string model, string version, Func<JsonObject, JsonObject> change, string user, CancellationToken ct = default) =>
        UpdateVersionAsync(model, version, null, old => change(RegistryJson.Metrics(old)).ToJsonString(), user, ct);

    /// <summary>The new metrics are derived from the row read in this attempt, so a retry after a lost race builds on the winner's.</summary>
    private Task<bool> UpdateVersionAsync(string model, string version, string? comment, Func<string?, string?> metrics, string user, CancellationToken ct) =>
        WriteAsync(model, async w =>
        {
            var s = w.Session;
            var read = await w.ReadStampAsync(ct) ?? throw new PortalNotFoundException($"Model {model} has no version {version}.");
            var args = Args(("m", model), ("v", version));
            var rows = await s.QueryAsync<VersionRow>($"SELECT * FROM {T(Versions)} WHERE MODEL_NAME = {P("m")} AND VERSION_NAME = {P("v")}", args, ct);
            var old = rows.Count > 0 ? rows[0] : throw new PortalNotFoundException($"Model {model} has no version {version}.");
            var newComment = comment ?? old.COMMENT;
            var newMetrics = metrics(old.METRICS);
            await w.ClaimAsync(read, ct);
            await s.ExecuteAsync($"UPDATE {T(Versions)} SET COMMENT = {P("c")}, METRICS = {P("x")} WHERE MODEL_NAME = {P("m")} AND VERSION_NAME = {P("v")} AND {w.Guard}",
                w.With(("m", model), ("v", version), ("c", newComment), ("x", newMetrics)), ct);
            await AppendAuditAsync(w, user, AuditActions.UpdateVersion, null, version, version,
                Describe(("comment", old.COMMENT, newComment), ("metrics", old.METRICS, newMetrics)), ct);
            return true;
        }, ct);

    private static string? Describe(params (string What, string? Old, string? New)[] changes)
    {
        var changed = changes.Where(c => c.Old != c.New).Select(c => c.What).ToList();
        return changed.Count == 0 ? "no change" : "changed " + string.Join(" and ", changed);
    }

    public Task<AliasChange> ChangeAliasAsync(AliasChangeRequest request, CancellationToken ct = default) =>
        WriteAsync(request.Model, async w =>
        {
            var s = w.Session;
            var read = await w.ReadStampAsync(ct) ?? throw NoModel(request.Model);
            var aliases = await s.QueryAsync<AliasRow>($"SELECT * FROM {T(Aliases)} WHERE MODEL_NAME = {P("m")}", Args(("m", request.Model)), ct);
            var from = aliases.FirstOrDefault(a => a.ALIAS_NAME == request.Alias)?.VERSION_NAME;
            if (request.TargetVersion is null)
                return await UnsetAsync(w, read, request, from, ct);

            var exists = await s.ScalarAsync<long>(
                $"SELECT COUNT(*) FROM {T(Versions)} WHERE MODEL_NAME = {P("m")} AND VERSION_NAME = {P("v")}", Args(("m", request.Model), ("v", request.TargetVersion)), ct);
            if (exists == 0)
                throw new PortalNotFoundException($"Model {request.Model} has no version {request.TargetVersion}.");
            var displaced = aliases.FirstOrDefault(a => a.VERSION_NAME == request.TargetVersion && a.ALIAS_NAME != request.Alias)?.ALIAS_NAME;
            if (displaced is not null)
            {
                var needed = AliasRules.RequiredRole(displaced);
                if (request.CallerRole < needed)
                    throw new PortalForbiddenException(
                        $"{request.TargetVersion} carries {displaced}, which this change would unset; that needs the {needed} role.");
            }
            await w.ClaimAsync(read, ct);
            if (displaced is not null)
            {
                await s.ExecuteAsync($"DELETE FROM {T(Aliases)} WHERE MODEL_NAME = {P("m")} AND ALIAS_NAME = {P("a")} AND {w.Guard}",
                    w.With(("m", request.Model), ("a", displaced)), ct);
                await AppendAuditAsync(w, request.User, AuditActions.UnsetAlias, displaced, request.TargetVersion, null,
                    $"displaced by {request.Alias}" + (request.Reason is null ? "" : $": {request.Reason}"), ct);
            }
            if (from is null)
                await w.InsertAsync(Aliases,
                [
                    ("MODEL_NAME", request.Model, WarehouseType.Text), ("ALIAS_NAME", request.Alias, WarehouseType.Text), ("VERSION_NAME", request.TargetVersion, WarehouseType.Text),
                    ("SET_BY", request.User, WarehouseType.Text), ("SET_AT", w.Now, WarehouseType.Timestamp),
                ], ct);
            else
                await s.ExecuteAsync(
                    $"UPDATE {T(Aliases)} SET VERSION_NAME = {P("v")}, SET_BY = {P("u")}, SET_AT = {P("at")} WHERE MODEL_NAME = {P("m")} AND ALIAS_NAME = {P("a")} AND {w.Guard}",
                    w.With(("m", request.Model), ("a", request.Alias), ("v", request.TargetVersion), ("u", request.User), ("at", w.Now)), ct);
            var action = request.Action ?? (from is null ? AuditActions.SetAlias : AuditActions.MoveAlias);
            var seq = await AppendAuditAsync(w, request.User, action, request.Alias, from, request.TargetVersion, request.Reason, ct);
            return new AliasChange(request.Model, request.Alias, from, request.TargetVersion, displaced,
                new AuditEntry(request.Model, seq, w.Now, request.User, action, request.Alias, from, request.TargetVersion, request.Reason));
        }, ct);

    private async Task<AliasChange> UnsetAsync(RegistryWrite w, string read, AliasChangeRequest r, string? from, CancellationToken ct)
    {
        if (from is null)
            throw new PortalNotFoundException($"Model {r.Model} has no alias {r.Alias}.");
        await w.ClaimAsync(read, ct);
        await w.Session.ExecuteAsync($"DELETE FROM {T(Aliases)} WHERE MODEL_NAME = {P("m")} AND ALIAS_NAME = {P("a")} AND {w.Guard}",
            w.With(("m", r.Model), ("a", r.Alias)), ct);
        var action = r.Action ?? AuditActions.UnsetAlias;
        var seq = await AppendAuditAsync(w, r.User, action, r.Alias, from, null, r.Reason, ct);
        return new AliasChange(r.Model, r.Alias, from, null, null, new AuditEntry(r.Model, seq, w.Now, r.User, action, r.Alias, from, null, r.Reason));
    }
}
