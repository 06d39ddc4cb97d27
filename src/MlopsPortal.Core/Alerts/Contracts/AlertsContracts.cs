namespace MlopsPortal.Core.Alerts.Contracts;

// The REST API's JSON shapes of this feature (docs/api.md): the endpoints bind and answer them, the CLI's typed client
// sends and reads them.

public sealed record AlertDto(AlertSpec Spec, string Name, string State, DateTime CreatedAt, string? CreatedBy, IReadOnlyList<DateTime> NextFireTimes);

public sealed record SmtpTestRequest(string? Recipient);
