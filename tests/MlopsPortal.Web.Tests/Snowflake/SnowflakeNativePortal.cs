namespace MlopsPortal.Web.Tests.Snowflake;

/// <summary>The portal on its embedded warehouse, with Snowflake:NativeConnection pointing at a fake Snowflake account.</summary>
public sealed class SnowflakeNativePortal : PortalFactory
{
    public SnowflakeNativePortal()
    {
        foreach (var (key, value) in Account.PortalSettings(Path.Combine(DataDirectory, "snowflake")))
            Settings[key] = value;
    }

    public FakeSnowflakeAccount Account { get; } = new();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Account.DisposeAsync();
    }
}
