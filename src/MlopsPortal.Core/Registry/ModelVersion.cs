using System.Text.Json.Nodes;

namespace MlopsPortal.Core.Registry;

/// <summary>One version of a model, with what is needed to score it and to trace where it came from.</summary>
/// <param name="Aliases">The version's user alias (at most one) followed by the system aliases it holds.</param>
public sealed record ModelVersion(
    string Model,
    string Name,
    string? Comment,
    JsonObject Metrics,
    string Task,
    IReadOnlyList<FeatureSpec> Signature,
    PreprocessingSpec Preprocessing,
    ModelSource Source,
    string CreatedBy,
    DateTime CreatedAt,
    IReadOnlyList<string> Aliases)
{
    /// <summary>The user alias this version carries, if any.</summary>
    public string? UserAlias => Aliases.FirstOrDefault(a => !AliasRules.IsSystem(a));
}

/// <summary>One input feature of a model, in the model's order.</summary>
/// <param name="Type">DOUBLE, INT64, BOOL or STRING (Snowflake's signature types).</param>
public sealed record FeatureSpec(string Name, string Type = FeatureTypes.Double);

public static class FeatureTypes
{
    // CA1720: each constant is named after the Snowflake signature type it holds (DOUBLE, INT64, BOOL, STRING).
#pragma warning disable CA1720
    public const string Double = "DOUBLE";
    public const string Int64 = "INT64";
    public const string Bool = "BOOL";
    public const string String = "STRING";
#pragma warning restore CA1720

    /// <summary>Maps an XGBoost feature type (float, int, i, q, c) onto a signature type.</summary>
    public static string FromXgboost(string? type) => type switch
    {
        "int" => Int64,
        "i" => Bool,
        "c" => String,
        _ => Double,
    };
}

/// <summary>Where a version came from: origin, artifact format and checksum.</summary>
/// <param name="Kind">SageMaker, Upload, Path or Trained.</param>
/// <param name="Uri">s3://bucket/key, a server path, or the uploaded file name.</param>
public sealed record ModelSource(string Kind, string? Uri, string ArtifactFormat, string Sha256, long SizeBytes, string FileName)
{
    /// <summary>
    /// E.g. <c>SageMaker s3://bucket/key</c>. A server path is shown by its file name only: the portal's folders are
    /// not something its users need to see (the full path stays in the registry for admins and the audit).
    /// </summary>
    public string Description => Uri is null ? Kind
        : Kind == "Path" ? $"Server file {Uri[(Uri.LastIndexOfAny(['/', '\\']) + 1)..]}"
        : $"{Kind} {Uri}";
}

public static class ModelTasks
{
    public const string TabularBinaryClassification = "TABULAR_BINARY_CLASSIFICATION";
}
