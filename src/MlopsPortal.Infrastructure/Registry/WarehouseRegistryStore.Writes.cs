using System.Text.Json.Nodes;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Security;
using static MlopsPortal.Core.Registry.RegistrySchema;

namespace MlopsPortal.Infrastructure.Registry;

public sealed partial class WarehouseRegistryStore
{
    public Task AddVersionAsync(NewModelVersion request, CancellationToken ct = default) =>
        WriteAsync(async (s, now) =>
        {
            var v = request.Version;
            var m = Args(("m", v.Model));
            var exists = await s.ScalarAsync<long>($"SELECT COUNT(*) FROM {T(Models)} WHERE MODEL_NAME = {P("m")}", m, ct) > 0;
            if (!exists)
                await s.ExecuteAsync(
                    $"INSERT INTO {T(Models)} (MODEL_NAME, COMMENT, TAGS, OWNER, CREATED_AT) VALUES ({P("m")}, {P("c")}, {P("t")}, {P("o")}, {P("at")})",
                    Args(("m", v.Model), ("c", request.ModelComment), ("t", RegistryJson.Write(request.ModelTags)), ("o", v.CreatedBy), ("at", now)), ct);
            else if (request.ModelTags.Count > 0)
                await MergeTagsAsync(s, v.Model, request.ModelTags, ct);

            var versions = await s.QueryAsync<string>($"SELECT VERSION_NAME FROM {T(Versions)} WHERE MODEL_NAME = {P("m")}", m, ct);
            if (versions.Contains(v.Name))
                throw new PortalValidationException($"Model {v.Model} already has a version {v.Name}.");
            var seq = 1 + (await s.ScalarAsync<long?>($"SELECT MAX(SEQ) FROM {T(Versions)} WHERE MODEL_NAME = {P("m")}", m, ct) ?? 0);
            await s.ExecuteAsync(
                $"INSERT INTO {T(Versions)} (MODEL_NAME, VERSION_NAME, SEQ, COMMENT, METRICS, TASK, SIGNATURE, PREPROCESSING, SOURCE_KIND, SOURCE_URI, " +
                $"ARTIFACT_FORMAT, ARTIFACT_SHA256, ARTIFACT_BYTES, ARTIFACT_FILE, CREATED_BY, CREATED_AT) VALUES ({P("m")}, {P("v")}, {P("seq")}, {P("c")}, " +
                $"{P("metrics")}, {P("task")}, {P("sig")}, {P("pre")}, {P("kind")}, {P("uri")}, {P("fmt")}, {P("sha")}, {P("bytes")}, {P("file")}, {P("by")}, {P("at")})",
                Args(("m", v.Model), ("v", v.Name), ("seq", seq), ("c", v.Comment), ("metrics", v.Metrics.ToJsonString()), ("task", v.Task),
                    ("sig", RegistryJson.Write(v.Signature)), ("pre", RegistryJson.Write(v.Preprocessing)), ("kind", v.Source.Kind), ("uri", v.Source.Uri),
                    ("fmt", v.Source.ArtifactFormat), ("sha", v.Source.Sha256), ("bytes", v.Source.SizeBytes), ("file", v.Source.FileName),
                    ("by", v.CreatedBy), ("at", now)), ct);
            await AppendAuditAsync(s, v.Model, now, v.CreatedBy, AuditActions.ImportVersion, null, null, v.Name, v.Source.Description, ct);
            return true;
        }, ct);

    private async Task MergeTagsAsync(Core.Warehouse.IWarehouseSession s, string model, IReadOnlyDictionary<string, string> tags, CancellationToken ct)
    {
        var current = await s.ScalarAsync<string>($"SELECT TAGS FROM {T(Models)} WHERE MODEL_NAME = {P("m")}", Args(("m", model)), ct);
        var merged = new SortedDictionary<string, string>(RegistryJson.Tags(current).ToDictionary(), StringComparer.Ordinal);
        foreach (var (k, value) in tags)
            merged[k] = value;
        await s.ExecuteAsync($"UPDATE {T(Models)} SET TAGS = {P("t")} WHERE MODEL_NAME = {P("m")}",
            Args(("m", model), ("t", RegistryJson.Write(merged))), ct);
    }

    public Task UpdateModelAsync(string model, string? comment, IReadOnlyDictionary<string, string>? tags, string user, CancellationToken ct = default) =>
        WriteAsync(async (s, now) =>
        {
            var rows = await s.QueryAsync<ModelRow>($"SELECT * FROM {T(Models)} WHERE MODEL_NAME = {P("m")}", Args(("m", model)), ct);
            var old = rows.Count > 0 ? rows[0] : throw NoModel(model);
            var newTags = tags is null ? old.TAGS : RegistryJson.Write(tags);
            var newComment = comment ?? old.COMMENT;
            await s.ExecuteAsync($"UPDATE {T(Models)} SET COMMENT = {P("c")}, TAGS = {P("t")} WHERE MODEL_NAME = {P("m")}",
                Args(("m", model), ("c", newComment), ("t", newTags)), ct);
            await AppendAuditAsync(s, model, now, user, AuditActions.UpdateModel, null, null, null,
                Describe(("comment", old.COMMENT, newComment), ("tags", old.TAGS, newTags)), ct);
            return true;
        }, ct);

    public Task UpdateVersionAsync(string model, string version, string? comment, JsonObject? metrics, string user, CancellationToken ct = default) =>
        WriteAsync(async (s, now) =>
        {
            var args = Args(("m", model), ("v", version));
            var rows = await s.QueryAsync<VersionRow>($"SELECT * FROM {T(Versions)} WHERE MODEL_NAME = {P("m")} AND VERSION_NAME = {P("v")}", args, ct);
            var old = rows.Count > 0 ? rows[0] : throw new PortalNotFoundException($"Model {model} has no version {version}.");
            var newComment = comment ?? old.COMMENT;
            var newMetrics = metrics is null ? old.METRICS : Copy(metrics).ToJsonString();
            await s.ExecuteAsync($"UPDATE {T(Versions)} SET COMMENT = {P("c")}, METRICS = {P("x")} WHERE MODEL_NAME = {P("m")} AND VERSION_NAME = {P("v")}",
                Args(("m", model), ("v", version), ("c", newComment), ("x", newMetrics)), ct);
            await AppendAuditAsync(s, model, now, user, AuditActions.UpdateVersion, null, version, version,
                Describe(("comment", old.COMMENT, newComment), ("metrics", old.METRICS, newMetrics)), ct);
            return true;
        }, ct);

    private static string? Describe(params (string What, string? Old, string? New)[] changes)
    {
        var changed = changes.Where(c => c.Old != c.New).Select(c => c.What).ToList();
        return changed.Count == 0 ? "no change" : "changed " + string.Join(" and ", changed);
    }

    public Task<AliasChange> ChangeAliasAsync(AliasChangeRequest r, CancellationToken ct = default) =>
        WriteAsync(async (s, now) =>
        {
            if (await s.ScalarAsync<long>($"SELECT COUNT(*) FROM {T(Models)} WHERE MODEL_NAME = {P("m")}", Args(("m", r.Model)), ct) == 0)
                throw NoModel(r.Model);
            var aliases = await s.QueryAsync<AliasRow>($"SELECT * FROM {T(Aliases)} WHERE MODEL_NAME = {P("m")}", Args(("m", r.Model)), ct);
            var from = aliases.FirstOrDefault(a => a.ALIAS_NAME == r.Alias)?.VERSION_NAME;
            if (r.TargetVersion is null)
                return await UnsetAsync(s, r, from, now, ct);

            var exists = await s.ScalarAsync<long>(
                $"SELECT COUNT(*) FROM {T(Versions)} WHERE MODEL_NAME = {P("m")} AND VERSION_NAME = {P("v")}", Args(("m", r.Model), ("v", r.TargetVersion)), ct);
            if (exists == 0)
                throw new PortalNotFoundException($"Model {r.Model} has no version {r.TargetVersion}.");
            var displaced = aliases.FirstOrDefault(a => a.VERSION_NAME == r.TargetVersion && a.ALIAS_NAME != r.Alias)?.ALIAS_NAME;
            if (displaced is not null)
            {
                var needed = AliasRules.RequiredRole(displaced);
                if (r.CallerRole < needed)
                    throw new PortalForbiddenException(
                        $"{r.TargetVersion} carries {displaced}, which this change would unset; that needs the {needed} role.");
                await s.ExecuteAsync($"DELETE FROM {T(Aliases)} WHERE MODEL_NAME = {P("m")} AND ALIAS_NAME = {P("a")}", Args(("m", r.Model), ("a", displaced)), ct);
                await AppendAuditAsync(s, r.Model, now, r.User, AuditActions.UnsetAlias, displaced, r.TargetVersion, null,
                    $"displaced by {r.Alias}" + (r.Reason is null ? "" : $": {r.Reason}"), ct);
            }
            var args = Args(("m", r.Model), ("a", r.Alias), ("v", r.TargetVersion), ("u", r.User), ("at", now));
            if (from is null)
                await s.ExecuteAsync($"INSERT INTO {T(Aliases)} (MODEL_NAME, ALIAS_NAME, VERSION_NAME, SET_BY, SET_AT) VALUES ({P("m")}, {P("a")}, {P("v")}, {P("u")}, {P("at")})", args, ct);
            else
                await s.ExecuteAsync($"UPDATE {T(Aliases)} SET VERSION_NAME = {P("v")}, SET_BY = {P("u")}, SET_AT = {P("at")} WHERE MODEL_NAME = {P("m")} AND ALIAS_NAME = {P("a")}", args, ct);
            var action = r.Action ?? (from is null ? AuditActions.SetAlias : AuditActions.MoveAlias);
            var seq = await AppendAuditAsync(s, r.Model, now, r.User, action, r.Alias, from, r.TargetVersion, r.Reason, ct);
            return new AliasChange(r.Model, r.Alias, from, r.TargetVersion, displaced,
                new AuditEntry(r.Model, seq, now, r.User, action, r.Alias, from, r.TargetVersion, r.Reason));
        }, ct);

    private async Task<AliasChange> UnsetAsync(Core.Warehouse.IWarehouseSession s, AliasChangeRequest r, string? from, DateTime now, CancellationToken ct)
    {
        if (from is null)
            throw new PortalNotFoundException($"Model {r.Model} has no alias {r.Alias}.");
        await s.ExecuteAsync($"DELETE FROM {T(Aliases)} WHERE MODEL_NAME = {P("m")} AND ALIAS_NAME = {P("a")}", Args(("m", r.Model), ("a", r.Alias)), ct);
        var action = r.Action ?? AuditActions.UnsetAlias;
        var seq = await AppendAuditAsync(s, r.Model, now, r.User, action, r.Alias, from, null, r.Reason, ct);
        return new AliasChange(r.Model, r.Alias, from, null, null, new AuditEntry(r.Model, seq, now, r.User, action, r.Alias, from, null, r.Reason));
    }
}
