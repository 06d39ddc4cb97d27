using MlopsPortal.Core.Registry;

namespace MlopsPortal.Infrastructure.SnowflakeNative;

/// <summary>
/// Statements on Snowflake's own Model Registry (reference/snowflake.md §1). SHOW output is read by column name, since
/// Snowflake adds columns over time.
/// </summary>
public static class RegistryStatements
{
    /// <summary>SHOW MODELS, in a schema (SCH or DB.SCH) when given, else in the connection's current schema.</summary>
    public static string ShowModels(string? schema = null, string? like = null)
    {
        var sql = "SHOW MODELS";
        if (!string.IsNullOrWhiteSpace(like)) sql += " LIKE " + NativeSql.Literal(like.Trim());
        if (!string.IsNullOrWhiteSpace(schema)) sql += " IN SCHEMA " + NativeSql.Qualified(schema, "schema");
        return sql;
    }

    public static string ShowVersions(string model) => $"SHOW VERSIONS IN MODEL {NativeSql.Qualified(model, "model")}";

    /// <summary>ALTER MODEL m VERSION "V2" SET ALIAS = PRODUCTION (the alias unquoted, as Snowflake requires).</summary>
    public static string SetAlias(string model, string version, string alias) =>
        $"ALTER MODEL {NativeSql.Qualified(model, "model")} VERSION {NativeSql.Id(version, "version")} SET ALIAS = {AliasRules.ValidateUserAlias(alias)}";

    /// <summary>ALTER MODEL m VERSION V UNSET ALIAS; <paramref name="versionOrAlias"/> may be the alias itself.</summary>
    public static string UnsetAlias(string model, string versionOrAlias) =>
        $"ALTER MODEL {NativeSql.Qualified(model, "model")} VERSION {NativeSql.Bare(versionOrAlias, "version or alias")} UNSET ALIAS";

    /// <summary>
    /// Moves an alias: a version carries at most one alias and an alias sits on one version, so the alias comes off
    /// its current holder and anything already on the target, then goes on the target (Snowflake has no atomic move).
    /// </summary>
    public static IReadOnlyList<string> MoveAlias(string model, string alias, string? currentHolder, string? targetsCurrentAlias, string targetVersion)
    {
        var name = AliasRules.ValidateUserAlias(alias);
        var statements = new List<string>();
        if (currentHolder is not null)
        {
            if (string.Equals(NativeSql.Bare(currentHolder, "version"), NativeSql.Bare(targetVersion, "version"), StringComparison.Ordinal))
                return statements; // already there
            statements.Add(UnsetAlias(model, name));
        }
        if (targetsCurrentAlias is not null && !string.Equals(targetsCurrentAlias, name, StringComparison.OrdinalIgnoreCase))
            statements.Add(UnsetAlias(model, targetVersion));
        statements.Add(SetAlias(model, targetVersion, name));
        return statements;
    }

    /// <summary>ALTER MODEL m MODIFY VERSION "V2" SET METADATA = $$json$$ (replaces the whole metadata object).</summary>
    public static string SetMetadata(string model, string version, string metadataJson) =>
        $"ALTER MODEL {NativeSql.Qualified(model, "model")} MODIFY VERSION {NativeSql.Id(version, "version")} SET METADATA = {NativeSql.DollarLiteral(metadataJson)}";

    public static string SetVersionComment(string model, string version, string comment) =>
        $"ALTER MODEL {NativeSql.Qualified(model, "model")} MODIFY VERSION {NativeSql.Id(version, "version")} SET COMMENT = {NativeSql.Literal(comment)}";

    public static string SetDefaultVersion(string model, string version) =>
        $"ALTER MODEL {NativeSql.Qualified(model, "model")} SET DEFAULT_VERSION = {NativeSql.Bare(version, "version")}";
}
