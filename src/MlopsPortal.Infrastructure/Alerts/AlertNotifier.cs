using System.ComponentModel.DataAnnotations;
using System.Net.Http.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;
using MlopsPortal.Core.Alerts;

namespace MlopsPortal.Infrastructure.Alerts;

/// <summary>SMTP settings (configuration section "Smtp"). The password is never logged.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    [Required, EmailAddress]
    public string From { get; set; } = "mlops-portal@localhost";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public bool UseSsl { get; set; }
    [Range(1, 10)]
    public int Attempts { get; set; } = 3;
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public override string ToString() => $"{Host}:{Port} from {From}{(UserName is null ? "" : $" as {UserName}")}";
}

/// <summary>The result of notifying one alert evaluation.</summary>
public sealed record DeliveryResult(bool Delivered, string Report, int Attempts);

/// <summary>Email over SMTP (MailKit) and a webhook POST, each retried with exponential backoff.</summary>
public sealed class AlertNotifier(SmtpSettingsStore smtp, IHttpClientFactory http, ILogger<AlertNotifier> logger)
{
    public async Task<DeliveryResult> NotifyAsync(AlertSpec alert, AlertEvaluation evaluation, CancellationToken ct)
    {
        var reports = new List<string>();
        var ok = true;
        var attempts = 0;
        if (alert.Recipients.Count > 0)
        {
            var (sent, tries, report) = await RetryAsync(() => SendEmailAsync(alert, evaluation, ct), "email", ct);
            ok &= sent;
            attempts += tries;
            reports.Add(report);
        }

        if (alert.Webhook is { } url)
        {
            var (sent, tries, report) = await RetryAsync(() => PostWebhookAsync(url, alert, evaluation, ct), "webhook", ct);
            ok &= sent;
            attempts += tries;
            reports.Add(report);
        }

        return new DeliveryResult(ok, string.Join("; ", reports), attempts);
    }

    /// <summary>Sends a test message (Admin page).</summary>
    public Task SendTestAsync(string recipient, CancellationToken ct) =>
        SendAsync([recipient], "MlopsPortal test email", "SMTP works: this is a test message from MlopsPortal.", ct);

    private async Task<(bool, int, string)> RetryAsync(Func<Task> send, string channel, CancellationToken ct)
    {
        var options = await smtp.GetAsync(ct);
        var attempts = Math.Max(1, options.Attempts);
        for (var i = 1; ; i++)
        {
            try
            {
                await send();
                return (true, i, $"{channel} delivered{(i > 1 ? $" after {i} attempts" : "")}");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.DeliveryAttemptFailed(channel, i, attempts, ex.Message);
                if (i >= attempts)
                    return (false, i, $"{channel} failed after {i} attempts: {ex.Message}");
                await Task.Delay(options.RetryDelay * Math.Pow(2, i - 1), ct);
            }
        }
    }

    private Task SendEmailAsync(AlertSpec alert, AlertEvaluation evaluation, CancellationToken ct) =>
        SendAsync(alert.Recipients, $"[MlopsPortal] Alert {alert.Name} fired: {evaluation.Rule.Condition}",
            $"""
            Alert {alert.Name} on monitor {alert.Monitor} fired.

            {evaluation.Summary()}

            Breaching windows:
            {string.Join(Environment.NewLine, evaluation.Breaches.Select(b => $"  {b.EventTimestamp:yyyy-MM-dd}: {alert.Metric} = {b.Value}"))}
            """, ct);

    private async Task SendAsync(IReadOnlyList<string> recipients, string subject, string body, CancellationToken ct)
    {
        var options = await smtp.GetAsync(ct);
        if (string.IsNullOrWhiteSpace(options.Host))
            throw new InvalidOperationException("SMTP is not configured (Smtp:Host is empty).");
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        foreach (var r in recipients)
            message.To.Add(MailboxAddress.Parse(r));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };
        using var client = new SmtpClient { Timeout = 15_000 };
        await client.ConnectAsync(options.Host, options.Port, options.UseSsl ? SecureSocketOptions.Auto : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(options.UserName))
            await client.AuthenticateAsync(options.UserName, options.Password ?? string.Empty, ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }

    private async Task PostWebhookAsync(string url, AlertSpec alert, AlertEvaluation evaluation, CancellationToken ct)
    {
        using var client = http.CreateClient("alerts");
        var response = await client.PostAsJsonAsync(url, new
        {
            alert = alert.Name,
            monitor = alert.Monitor,
            condition = evaluation.Rule.Condition,
            summary = evaluation.Summary(),
            breaches = evaluation.Breaches.Select(b => new { eventTimestamp = b.EventTimestamp, value = b.Value }),
        }, ct);
        response.EnsureSuccessStatusCode();
    }
}

/// <summary><see cref="AlertNotifier"/>'s log lines (source-generated).</summary>
internal static partial class AlertNotifierLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Channel} delivery attempt {Attempt} of {Attempts} failed: {Error}")]
    public static partial void DeliveryAttemptFailed(this ILogger logger, string channel, int attempt, int attempts, string error);
}
