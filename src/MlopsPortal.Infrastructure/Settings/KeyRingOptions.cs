namespace MlopsPortal.Infrastructure.Settings;

/// <summary>Section <c>DataProtection</c>: a directory every instance mounts, where the key ring lives (see <see cref="SettingsSetup"/>).</summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    public string? KeysDirectory { get; set; }
}
