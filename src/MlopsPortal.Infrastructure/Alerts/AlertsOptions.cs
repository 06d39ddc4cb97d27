namespace MlopsPortal.Infrastructure.Alerts;

/// <summary>Section <c>Alerts</c>.</summary>
public sealed class AlertsOptions
{
    public const string Section = "Alerts";

    /// <summary>Comma-separated host names a webhook may post to although they are not public addresses (an admin's choice).</summary>
    public string? WebhookAllowedHosts { get; set; }

    public IReadOnlyList<string> AllowedHosts =>
        (WebhookAllowedHosts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
