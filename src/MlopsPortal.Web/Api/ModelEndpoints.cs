using System.Text.Json;
using System.Text.Json.Nodes;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Registry.Contracts;
using MlopsPortal.Infrastructure.FeatureStore;
using MlopsPortal.Infrastructure.Scoring;
using static MlopsPortal.Web.Api.ModelDtos;

namespace MlopsPortal.Web.Api;

/// <summary>
/// The registry's REST API. Roles are enforced by <see cref="RegistryService"/> (403 through the portal's exception handler):
/// Viewer reads, DataScientist imports, edits and sets aliases, Admin alone sets, moves or unsets PRODUCTION.
/// </summary>
public static class ModelEndpoints
{
    private sealed class Mapped;

    /// <summary>Maps /api/models… once; a second call (e.g. from both WebSetup and Program.cs) does nothing.</summary>
    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        if (app is IApplicationBuilder builder)
        {
            if (builder.Properties.ContainsKey(nameof(MapModelEndpoints)))
                return app;
            builder.Properties[nameof(MapModelEndpoints)] = new Mapped();
        }
        var models = app.MapGroup("/api/models").RequireAuthorization().WithTags("Models");

        models.MapGet("", async (string? search, RegistryService registry, CancellationToken ct) =>
            (await registry.ListModelsAsync(search, ct)).Select(m => m.ToDto()).ToList());

        models.MapGet("/{model}", async (string model, RegistryService registry, CancellationToken ct) =>
            (await registry.GetModelAsync(model, ct)).ToDto());

        models.MapPatch("/{model}", async (string model, ModelUpdate body, RegistryService registry, CancellationToken ct) =>
        {
            await registry.UpdateModelAsync(model, body.Comment, body.Tags, ct);
            return (await registry.GetModelAsync(model, ct)).ToDto();
        });

        models.MapGet("/{model}/versions", async (string model, RegistryService registry, CancellationToken ct) =>
            (await registry.ListVersionsAsync(model, ct)).Select(v => v.ToDto()).ToList());

        models.MapGet("/{model}/versions/{version}", async (string model, string version, RegistryService registry, CancellationToken ct) =>
            (await registry.GetVersionAsync(model, version, ct)).ToDto());

        models.MapPatch("/{model}/versions/{version}", async (string model, string version, VersionUpdate body, RegistryService registry, CancellationToken ct) =>
        {
            await registry.UpdateVersionAsync(model, version, body.Comment, body.Metrics, ct);
            return (await registry.GetVersionAsync(model, version, ct)).ToDto();
        });

        // ?format=original (default) gives the bytes as imported; ?format=xgboost-json the model as XGBoost JSON.
        models.MapGet("/{model}/versions/{version}/artifact", async (string model, string version, string? format, RegistryService registry, CancellationToken ct) =>
        {
            var (content, fileName) = format?.ToLowerInvariant() switch
            {
                null or "" or "original" => await registry.OpenArtifactAsync(model, version, ct),
                "xgboost-json" or "json" => await registry.OpenArtifactAsXgboostJsonAsync(model, version, ct),
                _ => throw new PortalValidationException($"format '{format}' is not one of original, xgboost-json."),
            };
            return Results.File(content, fileName.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/octet-stream", fileName);
        });

        models.MapPost("/{model}/versions", ImportAsync).DisableAntiforgery().Accepts<IFormFile>("multipart/form-data");

        models.MapPost("/{model}/versions/{version}/evaluate", async (string model, string version, EvaluateRequest body, VersionEvaluator evaluator, CancellationToken ct) =>
            await evaluator.EvaluateAndStoreAsync(new(model, version, body.Table ?? "", body.Label ?? "", body.Filter, body.Threshold ?? 0.5), ct));
        models.MapPost("/{model}/compare", async (string model, CompareRequest body, VersionComparer comparer, CancellationToken ct) =>
            (await comparer.EvaluateAsync(new(model, body.Versions ?? [], body.Table ?? "", body.Label ?? "", body.Filter, body.Threshold ?? 0.5), ct)).ToDto());
        models.MapGet("/{model}/compare", async (string model, string? versions, VersionComparer comparer, CancellationToken ct) =>
        {
            var names = (versions ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return (await comparer.LatestAsync(model, names, ct))?.ToDto()
                ?? throw new PortalNotFoundException($"{string.Join(", ", names)} of {model} share no evaluation yet; POST /api/models/{model}/compare evaluates them on the same rows.");
        });
        // A move to a version whose input signature differs (or that breaks an alias-bound schedule) answers 409 naming
        // the differences unless confirmed: {"confirm": true} in the body or ?confirm=true (docs/api.md).
        models.MapPut("/{model}/aliases/{alias}", async (string model, string alias, AliasRequest body, bool? confirm, RegistryService registry, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body.Version))
                throw new PortalValidationException("Give the version the alias should name: {\"version\": \"V2\", \"reason\": \"…\"}.");
            return (await registry.SetAliasAsync(model, alias, body.Version, body.Reason, confirmed: confirm == true || body.Confirm == true, ct)).ToDto();
        });

        models.MapGet("/{model}/aliases/{alias}/check", async (string model, string alias, string? version, RegistryService registry, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(version))
                throw new PortalValidationException("Give the version the alias would move to: ?version=V2.");
            return (await registry.CheckAliasMoveAsync(model, alias, version, ct)).ToDto();
        });

        models.MapDelete("/{model}/aliases/{alias}", async (string model, string alias, string? reason, RegistryService registry, CancellationToken ct) =>
            (await registry.UnsetAliasAsync(model, alias, reason, ct)).ToDto());

        models.MapGet("/{model}/audit", async (string model, RegistryService registry, CancellationToken ct) =>
            (await registry.GetAuditAsync(model, ct)).Select(e => e.ToDto()).ToList());

        models.MapPost("/{model}/audit/{seq:long}/rollback", async (string model, long seq, ReasonRequest? body, RegistryService registry, CancellationToken ct) =>
            (await registry.RollbackAsync(model, seq, body?.Reason, ct)).ToDto());

        app.MapPost("/api/feature-mapping", async (MappingRequest body, FeatureMappingService mapping, CancellationToken ct) =>
        {
            if (body.Features is not { Count: > 0 } || string.IsNullOrWhiteSpace(body.Table))
                throw new PortalValidationException("Give the model's features and a table: {\"features\": [...], \"table\": \"…\"}.");
            return (await mapping.MapAsync(body.Features, body.Table, ct)).ToDto();
        }).RequireAuthorization().WithTags("Models");

        return app;
    }

    /// <summary>
    /// multipart/form-data: <c>artifact</c> (file) or <c>s3Uri</c> (or <c>path</c>, a file on the server); <c>version</c>;
    /// optional <c>comment</c>, <c>features</c> (comma list), <c>table</c> (map features onto it), <c>tags</c> and <c>metrics</c> (JSON objects), <c>task</c>.
    /// </summary>
    private static async Task<IResult> ImportAsync(string model, HttpRequest request, RegistryService registry, RecipeService recipes, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            throw new PortalValidationException("Send multipart/form-data with an artifact file or an s3Uri, and a version.");
        var form = await request.ReadFormAsync(ct);
        var file = form.Files["artifact"] ?? (form.Files.Count > 0 ? form.Files[0] : null);
        var location = Field(form, "s3Uri") ?? Field(form, "path");
        await using var content = file?.OpenReadStream();
        // recipe: a saved recipe the model was trained through; the version then scores raw tables through it.
        var recipe = Field(form, "recipe") is { } recipeName ? (await recipes.GetAsync(recipeName, ct)).Recipe : null;
        var levels = recipe is null ? null : await recipes.TryLevelsAsync(recipe, ct);
        var version = await registry.ImportVersionAsync(new ImportVersionRequest(
            model,
            Field(form, "version") ?? throw new PortalValidationException("The form field 'version' is missing (e.g. V2)."),
            Upload: file is null ? null : new ArtifactUpload(content!, file.FileName),
            Location: location,
            Comment: Field(form, "comment"),
            Features: FeatureList.Parse(Field(form, "features")),
            Metrics: Json<JsonObject>(form, "metrics"),
            Task: Field(form, "task"),
            Tags: Json<Dictionary<string, string>>(form, "tags"),
            MappingTable: Field(form, "table"),
            Recipe: recipe,
            RecipeLevels: levels), ct);
        return Results.Created($"/api/models/{version.Model}/versions/{version.Name}", version.ToDto());
    }

    private static string? Field(IFormCollection form, string name) =>
        form.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;

    private static T? Json<T>(IFormCollection form, string name) where T : class
    {
        var text = Field(form, name);
        if (text is null)
            return null;
        try
        {
            return JsonSerializer.Deserialize<T>(text);
        }
        catch (JsonException e)
        {
            throw new PortalValidationException($"The form field '{name}' is not a JSON object: {e.Message}");
        }
    }
}
