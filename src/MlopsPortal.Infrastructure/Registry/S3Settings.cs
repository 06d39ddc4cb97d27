using MlopsPortal.Core.Common;
using MlopsPortal.Core.Security;
using MlopsPortal.Infrastructure.Settings;

namespace MlopsPortal.Infrastructure.Registry;

/// <summary>What the Admin page shows of S3 access: never the secret key.</summary>
public sealed record S3SettingsView(string? ServiceUrl, string? Region, bool ForcePathStyle, string? AccessKey, bool HasSecretKey, bool EnteredInPortal);

/// <summary>What an admin saves. SecretKey: null keeps the stored one. No access key = the standard AWS credential chain.</summary>
public sealed record S3SettingsInput(string? ServiceUrl, string? Region, bool ForcePathStyle, string? AccessKey, string? SecretKey);

/// <summary>
/// S3 access in force for s3:// imports: keys entered once on the Admin page (the secret encrypted with Data Protection)
/// over the <c>Registry:S3</c> configuration; without keys, the standard AWS credential chain.
/// </summary>
public sealed class S3SettingsStore(RegistryOptions options, ProtectedSettingsStore? stored = null)
{
    public const string Section = "S3";

    public async Task<S3Options> GetAsync(CancellationToken ct = default) => Merge(await ReadAsync(ct));

    public async Task<S3SettingsView> ViewAsync(CancellationToken ct = default)
    {
        var s = await ReadAsync(ct);
        var o = Merge(s);
        return new S3SettingsView(o.ServiceUrl, o.Region, o.ForcePathStyle, o.AccessKey, !string.IsNullOrEmpty(o.SecretKey), s.Count > 0);
    }

    private async Task<IReadOnlyDictionary<string, string>> ReadAsync(CancellationToken ct) =>
        stored is null ? new Dictionary<string, string>() : await stored.GetAsync(Section, ct);

    // Anything saved on the Admin page replaces the whole configured section.
    private S3Options Merge(IReadOnlyDictionary<string, string> s) => s.Count == 0 ? options.S3 : new S3Options
    {
        ServiceUrl = s.GetValueOrDefault(nameof(S3Options.ServiceUrl)),
        Region = s.GetValueOrDefault(nameof(S3Options.Region)),
        ForcePathStyle = s.TryGetValue(nameof(S3Options.ForcePathStyle), out var f) && bool.Parse(f),
        AccessKey = s.GetValueOrDefault(nameof(S3Options.AccessKey)),
        SecretKey = s.GetValueOrDefault(nameof(S3Options.SecretKey)),
    };

    public async Task SaveAsync(S3SettingsInput input, PortalPrincipal by, CancellationToken ct = default)
    {
        if (stored is null) throw new InvalidOperationException("No settings store is configured.");
        if (!string.IsNullOrWhiteSpace(input.ServiceUrl) && !Uri.TryCreate(input.ServiceUrl.Trim(), UriKind.Absolute, out _))
            throw new PortalValidationException($"The S3 endpoint '{input.ServiceUrl}' is not an absolute URL such as http://localhost:4568.");
        var hasAccessKey = !string.IsNullOrWhiteSpace(input.AccessKey);
        var keepsSecret = input.SecretKey is null && !string.IsNullOrEmpty((await GetAsync(ct)).SecretKey);
        if (hasAccessKey && string.IsNullOrEmpty(input.SecretKey) && !keepsSecret)
            throw new PortalValidationException("An access key needs its secret key.");
        var values = new Dictionary<string, string?>
        {
            [nameof(S3Options.ServiceUrl)] = Blank(input.ServiceUrl),
            [nameof(S3Options.Region)] = Blank(input.Region),
            [nameof(S3Options.ForcePathStyle)] = input.ForcePathStyle.ToString(),
            [nameof(S3Options.AccessKey)] = Blank(input.AccessKey),
        };
        if (!hasAccessKey) values[nameof(S3Options.SecretKey)] = null;
        else if (!string.IsNullOrEmpty(input.SecretKey)) values[nameof(S3Options.SecretKey)] = input.SecretKey;
        await stored.SaveAsync(Section, values, new HashSet<string> { nameof(S3Options.SecretKey) }, by.UserName, ct);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Admin-only access to the S3 settings.</summary>
public sealed class S3AdminService(S3SettingsStore settings, ICurrentUser currentUser)
{
    public async Task<S3SettingsView> GetAsync(CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Admin, "see the S3 settings");
        return await settings.ViewAsync(ct);
    }

    public async Task<S3SettingsView> SaveAsync(S3SettingsInput input, CancellationToken ct = default)
    {
        var by = await currentUser.RequireAsync(Role.Admin, "change the S3 settings");
        await settings.SaveAsync(input, by, ct);
        return await settings.ViewAsync(ct);
    }
}
