namespace MlopsPortal.Core.FeatureStore.Contracts;

// The REST API's JSON shapes of this feature (docs/api.md): the endpoints bind and answer them, the CLI's typed client
// sends and reads them.

public sealed record PreviewDto(string Step, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);

public sealed record TrainingUseRequest(string Model, string Version, string? TrainingSet);
