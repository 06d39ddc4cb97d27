namespace MlopsPortal.Core.Data.Contracts;

// The REST API's JSON shapes of this feature (docs/api.md): the endpoints bind and answer them, the CLI's typed client
// sends and reads them.

public sealed record ColumnDto(string Name, string Type);

public sealed record TableDto(string Name, long Rows, IReadOnlyList<ColumnDto> Columns);

public sealed record ImportResponse(long Rows);
