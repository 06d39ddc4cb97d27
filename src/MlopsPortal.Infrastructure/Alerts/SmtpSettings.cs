using System.Globalization;
using Microsoft.Extensions.Options;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Security;
using MlopsPortal.Infrastructure.Settings;

namespace MlopsPortal.Infrastructure.Alerts;

/// <summary>What the Admin page shows: the settings in force, never the password itself.</summary>
public sealed record SmtpSettingsView(string? Host, int Port, string From, string? UserName, bool HasPassword, bool UseSsl, bool EnteredInPortal);

/// <summary>What an admin saves. Password: null keeps the stored one, empty removes it.</summary>
public sealed record SmtpSettingsInput(string Host, int Port, string From, string? UserName, string? Password, bool UseSsl);

/// <summary>
/// SMTP settings in force: those entered on the Admin page (password encrypted with Data Protection) over the "Smtp"
/// configuration section.
/// </summary>
public sealed class SmtpSettingsStore(IOptions<SmtpOptions> configured, ProtectedSettingsStore? stored = null)
{
    public const string Section = "Smtp";

    public async Task<SmtpOptions> GetAsync(CancellationToken ct = default) => Merge(await ReadAsync(ct));

    public async Task<SmtpSettingsView> ViewAsync(CancellationToken ct = default)
    {
        var s = await ReadAsync(ct);
        var o = Merge(s);
        return new SmtpSettingsView(o.Host, o.Port, o.From, o.UserName, !string.IsNullOrEmpty(o.Password), o.UseSsl, EnteredInPortal(s));
    }

    private async Task<IReadOnlyDictionary<string, string>> ReadAsync(CancellationToken ct) =>
        stored is null ? new Dictionary<string, string>() : await stored.GetAsync(Section, ct);

    // A saved section always has a host; without one the configuration is in force.
    private static bool EnteredInPortal(IReadOnlyDictionary<string, string> s) => s.ContainsKey(nameof(SmtpOptions.Host));

    private SmtpOptions Merge(IReadOnlyDictionary<string, string> s)
    {
        var c = configured.Value;
        if (!EnteredInPortal(s))
            return c;
        return new SmtpOptions
        {
            Host = s[nameof(SmtpOptions.Host)],
            Port = int.Parse(s[nameof(SmtpOptions.Port)], CultureInfo.InvariantCulture),
            From = s[nameof(SmtpOptions.From)],
            UserName = s.GetValueOrDefault(nameof(SmtpOptions.UserName)),
            Password = s.GetValueOrDefault(nameof(SmtpOptions.Password)),
            UseSsl = bool.Parse(s[nameof(SmtpOptions.UseSsl)]),
            Attempts = c.Attempts,
            RetryDelay = c.RetryDelay,
        };
    }

    /// <summary>Checks every field (naming the bad one) before anything is written.</summary>
    public async Task SaveAsync(SmtpSettingsInput input, PortalPrincipal by, CancellationToken ct = default)
    {
        if (stored is null) throw new InvalidOperationException("No settings store is configured.");
        if (string.IsNullOrWhiteSpace(input.Host) || input.Host.Any(char.IsWhiteSpace))
            throw new PortalValidationException($"'{input.Host}' is not an SMTP host name.");
        if (input.Port is < 1 or > 65535)
            throw new PortalValidationException($"The SMTP port {input.Port} is outside 1–65535.");
        if (!System.Net.Mail.MailAddress.TryCreate(input.From, out _))
            throw new PortalValidationException($"The sender '{input.From}' is not an email address.");
        var values = new Dictionary<string, string?>
        {
            [nameof(SmtpOptions.Host)] = input.Host.Trim(),
            [nameof(SmtpOptions.Port)] = input.Port.ToString(CultureInfo.InvariantCulture),
            [nameof(SmtpOptions.From)] = input.From.Trim(),
            [nameof(SmtpOptions.UserName)] = string.IsNullOrWhiteSpace(input.UserName) ? null : input.UserName.Trim(),
            [nameof(SmtpOptions.UseSsl)] = input.UseSsl.ToString(),
        };
        if (input.Password is not null)
            values[nameof(SmtpOptions.Password)] = input.Password.Length == 0 ? null : input.Password;
        await stored.SaveAsync(Section, values, new HashSet<string> { nameof(SmtpOptions.Password) }, by.UserName, ct);
    }
}
