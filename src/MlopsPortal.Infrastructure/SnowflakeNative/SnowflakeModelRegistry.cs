using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.SnowflakeNative;

/// <summary>A model of Snowflake's own Model Registry, from SHOW MODELS.</summary>
public sealed record NativeModel(
    string Name,
    string? Database,
    string? Schema,
    string? Comment,
    string? Owner,
    string? DefaultVersion,
    DateTime? CreatedOn,
    IReadOnlyDictionary<string, string> Aliases)
{
    public string QualifiedName => string.Join('.', new[] { Database, Schema, Name }.Where(p => !string.IsNullOrEmpty(p)));
}

/// <summary>A version of a native model, from SHOW VERSIONS IN MODEL; <see cref="Aliases"/> include DEFAULT/FIRST/LAST.</summary>
public sealed record NativeModelVersion(
    string Name,
    IReadOnlyList<string> Aliases,
    bool IsDefault,
    IReadOnlyList<string> Functions,
    string? Comment,
    DateTime? CreatedOn,
    string? MetadataJson,
    IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>The alias a user set (at most one), without the system ones.</summary>
    public string? UserAlias => Aliases.FirstOrDefault(a => !AliasRules.IsSystem(a));
}

/// <summary>
/// Snowflake's own Model Registry beside the portal's: lists models and versions, sets and moves aliases, writes
/// metrics where Python clients read them. Thin: the statements come from <see cref="RegistryStatements"/>.
/// </summary>
public sealed class SnowflakeModelRegistry(IWarehouse warehouse)
{
    public async Task<IReadOnlyList<NativeModel>> ListModelsAsync(string? schema = null, CancellationToken ct = default)
    {
        var rows = await ShowRow.ReadAsync(warehouse, RegistryStatements.ShowModels(schema), ct);
        return rows.Select(r => new NativeModel(
                r.Text("name") ?? "",
                r.Text("database_name"),
                r.Text("schema_name"),
                r.Text("comment"),
                r.Text("owner"),
                r.Text("default_version_name"),
                r.Time("created_on"),
                r.JsonObject("aliases")))
            .ToList();
    }

    public async Task<IReadOnlyList<NativeModelVersion>> ListVersionsAsync(string model, CancellationToken ct = default)
    {
        var rows = await ShowRow.ReadAsync(warehouse, RegistryStatements.ShowVersions(model), ct);
        return rows.Select(r => new NativeModelVersion(
                r.Text("name") ?? "",
                r.JsonArray("aliases"),
                r.Bool("is_default_version"),
                r.JsonArray("functions"),
                r.Text("comment"),
                r.Time("created_on"),
                r.Text("metadata"),
                VersionMetadata.Metrics(SafeJson(r.Text("metadata")))))
            .ToList();
    }

    /// <summary>Puts <paramref name="alias"/> on <paramref name="version"/>, taking it off the version that held it.</summary>
    public async Task<IReadOnlyList<string>> SetAliasAsync(string model, string alias, string version, CancellationToken ct = default)
    {
        var name = AliasRules.ValidateUserAlias(alias);
        var versions = await ListVersionsAsync(model, ct);
        var target = Find(versions, version, model);
        var holder = versions.FirstOrDefault(v => string.Equals(v.UserAlias, name, StringComparison.OrdinalIgnoreCase));
        var statements = RegistryStatements.MoveAlias(model, name, holder?.Name, target.UserAlias, target.Name);
        foreach (var sql in statements) await warehouse.ExecuteAsync(sql, ct: ct);
        return statements;
    }

    public async Task UnsetAliasAsync(string model, string alias, CancellationToken ct = default) =>
        await warehouse.ExecuteAsync(RegistryStatements.UnsetAlias(model, AliasRules.ValidateUserAlias(alias)), ct: ct);

    /// <summary>Merges <paramref name="metrics"/> into the version's metadata (other metrics and keys kept) and writes it back.</summary>
    public async Task<string> SetMetricsAsync(string model, string version, IReadOnlyDictionary<string, double> metrics, CancellationToken ct = default)
    {
        var target = Find(await ListVersionsAsync(model, ct), version, model);
        var json = VersionMetadata.WithMetrics(target.MetadataJson, metrics);
        await warehouse.ExecuteAsync(RegistryStatements.SetMetadata(model, target.Name, json), ct: ct);
        return json;
    }

    private static NativeModelVersion Find(IReadOnlyList<NativeModelVersion> versions, string version, string model)
    {
        var name = NativeSql.Bare(version, "version");
        return versions.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new PortalNotFoundException($"Model {model} in Snowflake's registry has no version {name}.");
    }

    private static string? SafeJson(string? json)
    {
        try
        {
            VersionMetadata.Metrics(json);
            return json;
        }
        catch (PortalValidationException)
        {
            return null;
        }
    }
}
