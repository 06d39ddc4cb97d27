using Microsoft.Extensions.Configuration;
using MlopsPortal.Infrastructure.Settings;
using static MlopsPortal.Infrastructure.Settings.SettingsSetup;

namespace MlopsPortal.Infrastructure.Tests.Settings;

/// <summary>Where the Data Protection key ring lives: shared whenever several instances are possible.</summary>
public sealed class KeyRingLocationTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();

    [Fact]
    public void One_instance_keeps_its_keys_in_the_data_directory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mlops-keys-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.Equal((KeyStoreKind.Directory, Path.Combine(dir, "keys")), KeyStore(Config(("MLOPS_DATA_DIR", dir))));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void PostgreSql_jobs_put_the_key_ring_in_the_jobs_database()
    {
        Assert.Equal((KeyStoreKind.PostgreSql, "Host=pg;Database=hangfire"),
            KeyStore(Config(("Jobs:Storage", "PostgreSql"), ("ConnectionStrings:Hangfire", "Host=pg;Database=hangfire"))));
    }

    [Fact]
    public void A_configured_shared_directory_wins()
    {
        Assert.Equal((KeyStoreKind.Directory, "/shared/keys"),
            KeyStore(Config(("Jobs:Storage", "PostgreSql"), ("ConnectionStrings:Hangfire", "Host=pg"), (KeysDirectoryKey, "/shared/keys"))));
    }
}
