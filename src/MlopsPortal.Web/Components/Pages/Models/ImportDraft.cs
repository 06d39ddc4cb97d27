using System.Text.Json;
using System.Text.Json.Nodes;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;

namespace MlopsPortal.Web.Components.Pages.Models;

/// <summary>What the import wizard has gathered so far; nothing is saved until the last step.</summary>
public sealed class ImportDraft
{
    public const long MaxUploadBytes = RegistryService.MaxArtifactBytes;

    public string SourceKind { get; set; } = "upload";
    public byte[]? Bytes { get; set; }
    public string? FileName { get; set; }
    public string? Location { get; set; }
    public ArtifactInspection? Inspection { get; set; }
    public string FeaturesText { get; set; } = "";
    public string? Table { get; set; }
    public PreprocessingSpec? Mapping { get; set; }
    public string Model { get; set; } = "";
    public string Version { get; set; } = "V1";
    public string? Comment { get; set; }
    public string TagsText { get; set; } = "";
    public string MetricsText { get; set; } = "";

    /// <summary>When set, the metrics are computed on this labelled table right after the import (replacing typed ones).</summary>
    public string? EvaluateTable { get; set; }
    public string? EvaluateLabel { get; set; }

    public bool HasOwnFeatureNames => Inspection?.Info.FeatureNames is { Count: > 0 };

    public IReadOnlyList<string> Features =>
        Inspection?.Info.FeatureNames is { Count: > 0 } own ? own : FeatureList.Parse(FeaturesText);

    public ArtifactUpload? Upload() => SourceKind == "upload" && Bytes is not null ? new ArtifactUpload(new MemoryStream(Bytes), FileName ?? "artifact") : null;

    public string? SourceLocation => SourceKind == "upload" ? null : Location?.Trim();

    public ImportVersionRequest ToRequest() => new(
        Model, Version, Upload(), SourceLocation, Comment,
        HasOwnFeatureNames ? null : Features, Mapping, Metrics(), Tags: Tags());

    public IReadOnlyDictionary<string, string> Tags() =>
        TagsText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? p[1].Trim() : "");

    public JsonObject? Metrics()
    {
        if (string.IsNullOrWhiteSpace(MetricsText))
            return null;
        try
        {
            return JsonNode.Parse(MetricsText) as JsonObject ?? throw new PortalValidationException("Metrics must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new PortalValidationException($"Metrics are not valid JSON: {e.Message}");
        }
    }
}
