namespace MlopsPortal.Core.SnowflakeNative.Contracts;

// The REST API's JSON shapes of this feature (docs/api.md): the endpoints bind and answer them, the CLI's typed client
// sends and reads them.

public sealed record AliasRequest(string? Version);

public sealed record MetricsRequest(Dictionary<string, double>? Metrics);
