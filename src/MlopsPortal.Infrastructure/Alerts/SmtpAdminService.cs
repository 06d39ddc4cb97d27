using MlopsPortal.Core.Common;
using MlopsPortal.Core.Security;

namespace MlopsPortal.Infrastructure.Alerts;

/// <summary>Admin-only: read and change the SMTP settings, and send a test email with them.</summary>
public sealed class SmtpAdminService(SmtpSettingsStore settings, AlertNotifier notifier, ICurrentUser currentUser)
{
    public async Task<SmtpSettingsView> GetAsync(CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Admin, "see the SMTP settings");
        return await settings.ViewAsync(ct);
    }

    public async Task<SmtpSettingsView> SaveAsync(SmtpSettingsInput input, CancellationToken ct = default)
    {
        var by = await currentUser.RequireAsync(Role.Admin, "change the SMTP settings");
        await settings.SaveAsync(input, by, ct);
        return await settings.ViewAsync(ct);
    }

    /// <summary>Sends a test message with the settings in force; the error names what failed.</summary>
    public async Task SendTestAsync(string recipient, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Admin, "send test emails");
        if (!System.Net.Mail.MailAddress.TryCreate(recipient, out _))
            throw new PortalValidationException($"'{recipient}' is not an email address.");
        try
        {
            await notifier.SendTestAsync(recipient, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new PortalValidationException($"The test email to {recipient} failed: {ex.Message}");
        }
    }
}
