using Microsoft.Extensions.Configuration;

namespace MlopsPortal.Infrastructure.Demo;

/// <summary>
/// <c>MLOPS_SEED_DEMO</c> (a top-level key, usually an environment variable): true or false; unset, the embedded
/// warehouse seeds the demo tables and story and Snowflake does not (a real account is nobody's playground).
/// </summary>
public sealed class DemoOptions
{
    public const string Key = "MLOPS_SEED_DEMO";

    [ConfigurationKeyName(Key)]
    public bool? SeedDemo { get; set; }
}
