using System.ComponentModel.DataAnnotations;

namespace MlopsPortal.Infrastructure.Snowflake.Config;

/// <summary>
/// Section <c>Snowflake</c>: where the portal keeps its own tables on Snowflake, how many values one INSERT binds, and
/// the account Snowflake's own registry, monitors and alerts are reached through when the portal runs embedded. The
/// connections themselves (<c>Snowflake:Connections</c> and connections.toml) are read by <see cref="SnowflakeConnectionCatalog"/>.
/// </summary>
public sealed class SnowflakeOptions
{
    public const string Section = SnowflakeConnectionCatalog.Section;

    /// <summary>The schema of the portal's tables; none = the connection's schema.</summary>
    [RegularExpression(@"^[A-Za-z_][A-Za-z0-9_$]{0,254}$", ErrorMessage = "must be a schema name: letters, digits, '_' or '$', starting with a letter or '_'.")]
    public string? PortalSchema { get; set; }

    /// <summary>Snowflake's SQL API takes at most about 16,384 bound values per statement.</summary>
    [Range(1, 16_384, ErrorMessage = "must be between 1 and 16384 (the SQL API's limit on bound values).")]
    public int MaxBindingsPerStatement { get; set; } = 16_000;

    /// <summary>A connection name for the Snowflake-native pages when the portal itself runs on the embedded warehouse.</summary>
    public string? NativeConnection { get; set; }
}
