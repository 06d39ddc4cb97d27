namespace MlopsPortal.Core.Lab.Contracts;

// The REST API's JSON shapes of this feature (docs/api.md): the endpoints bind and answer them, the CLI's typed client
// sends and reads them.

public sealed record CheckDto(string Id, bool Holds, string Actual, string Expected, string Description);
