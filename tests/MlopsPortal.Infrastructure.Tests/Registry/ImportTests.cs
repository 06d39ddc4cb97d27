using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;

namespace MlopsPortal.Infrastructure.Tests.Registry;

public sealed class ImportTests : IAsyncLifetime
{
    private readonly RegistryBed _bed = new();
    private const string M = RegistryBed.Model;

    public ValueTask InitializeAsync() => _bed.InitializeAsync();

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    private RegistryService S => _bed.Service;

    private static ImportVersionRequest Upload(string fixture, string version = "V1", string? features = null) =>
        new(M, version, new ArtifactUpload(new MemoryStream(Fixtures.Bytes(fixture)), fixture), Features: FeatureList.Parse(features));

    [Theory]
    [InlineData("lab.json", "xgboost-json")]
    [InlineData("lab.ubj", "xgboost-ubjson")]
    public async Task Upload_takes_the_signature_from_the_artifacts_feature_names(string fixture, string format)
    {
        var metrics = new JsonObject { ["accuracy"] = 0.81, ["f1_score"] = 0.84, ["confusion_matrix"] = new JsonArray(new JsonArray(50, 10), new JsonArray(9, 80)) };
        var v = await S.ImportVersionAsync(Upload(fixture) with { Comment = "lab model", Metrics = metrics, Tags = new Dictionary<string, string> { ["PROJECT"] = "lab" } });

        Assert.Equal(FeatureList.Parse(Fixtures.LabHeader), v.Signature.Select(f => f.Name));
        Assert.Equal((format, "Upload", fixture), (v.Source.ArtifactFormat, v.Source.Kind, v.Source.FileName));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Fixtures.Bytes(fixture))), v.Source.Sha256);
        Assert.Equal(0.84, v.Metrics["f1_score"]!.GetValue<double>());
        Assert.Equal(ModelTasks.TabularBinaryClassification, v.Task);
        Assert.Equal("alice", v.CreatedBy);
        Assert.Equal(["DEFAULT", "FIRST", "LAST"], v.Aliases);

        var model = await S.GetModelAsync(M);
        Assert.Equal(("lab model", "alice", "lab"), (model.Comment, model.Owner, model.Tags["PROJECT"]));
        var (content, name) = await S.OpenArtifactAsync(M, "V1");
        using (content)
        using (var copy = new MemoryStream())
        {
            await content.CopyToAsync(copy);
            Assert.Equal(Fixtures.Bytes(fixture), copy.ToArray());
        }
        Assert.Equal(fixture, name);
    }

    [Fact]
    public async Task Sagemaker_archive_without_feature_names_needs_them_and_then_imports()
    {
        var e = await Assert.ThrowsAsync<PortalValidationException>(() => S.ImportVersionAsync(Upload("lab.tar.gz")));
        Assert.Contains("carries no feature names", e.Message);
        await AssertNothingWrittenAsync();

        var v = await S.ImportVersionAsync(Upload("lab.tar.gz", features: Fixtures.LabHeader));
        Assert.Equal("SageMaker", v.Source.Kind);
        Assert.StartsWith("sagemaker-tar.gz", v.Source.ArtifactFormat);
        Assert.Equal(8, v.Signature.Count);
        Assert.Equal("LOAN_PURPOSE_NAME_Refinancing", v.Signature[4].Name);
    }

    [Fact]
    public async Task A_legacy_binary_version_downloads_as_xgboost_json_named_by_its_signature()
    {
        await S.ImportVersionAsync(Upload("lab.tar.gz", features: Fixtures.LabHeader));
        var (content, name) = await S.OpenArtifactAsXgboostJsonAsync(M, "V1");
        using var copy = new MemoryStream();
        using (content)
            await content.CopyToAsync(copy);
        Assert.Equal($"{M}_V1.json", name);
        var info = _bed.Reader.Read(copy.ToArray(), name);
        var original = _bed.Reader.Read(Fixtures.Bytes("lab.tar.gz"), "lab.tar.gz");
        Assert.Equal("xgboost-json", info.Format);
        Assert.Equal(FeatureList.Parse(Fixtures.LabHeader), info.FeatureNames);
        Assert.Equal(original.Trees, info.Trees);
    }

    [Theory]
    [InlineData("reject_pickle.pkl", "pickle")]
    [InlineData("reject_nomodel.tar.gz", "xgboost-model")]
    [InlineData("reject_multiclass.json", "reject_multiclass.json")]
    public async Task Unreadable_artifacts_are_named_and_change_nothing(string fixture, string message)
    {
        var e = await Assert.ThrowsAsync<PortalValidationException>(() => S.ImportVersionAsync(Upload(fixture)));
        Assert.Contains(message, e.Message);
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Truncated_artifact_changes_nothing()
    {
        var bytes = Fixtures.Bytes("lab.json")[..500];
        var e = await Assert.ThrowsAsync<PortalValidationException>(() =>
            S.ImportVersionAsync(new ImportVersionRequest(M, "V1", new ArtifactUpload(new MemoryStream(bytes), "model.json"))));
        Assert.Contains("model.json", e.Message);
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Duplicate_version_is_refused_and_changes_nothing()
    {
        await S.ImportVersionAsync(Upload("lab.json"));
        var audit = (await S.GetAuditAsync(M)).Count;
        var e = await Assert.ThrowsAsync<PortalValidationException>(() => S.ImportVersionAsync(Upload("lab.ubj", "v1")));
        Assert.Contains("already has a version V1", e.Message);
        Assert.Equal(audit, (await S.GetAuditAsync(M)).Count);
        Assert.Single(await S.ListVersionsAsync(M));
    }

    [Fact]
    public async Task Server_path_import_and_missing_path()
    {
        _bed.Options.AllowedPathRoots.Add("/");
        var v = await S.ImportVersionAsync(new ImportVersionRequest(M, "V2", Location: Fixtures.Path_("lab.json")));
        Assert.Equal(("Path", Fixtures.Path_("lab.json")), (v.Source.Kind, v.Source.Uri));
        var e = await Assert.ThrowsAsync<PortalNotFoundException>(() => S.ImportVersionAsync(new ImportVersionRequest(M, "V3", Location: "/no/such/model.json")));
        Assert.Contains("/no/such/model.json", e.Message);
    }

    [Fact]
    public async Task A_mapping_with_unmapped_features_is_refused()
    {
        var features = FeatureList.Parse(Fixtures.LabHeader);
        var spec = new PreprocessingSpec(features.Select(f => f.StartsWith("COUNTY") ? FeatureSource.None(f) : FeatureSource.Raw(f, f)).ToList(),
            new Dictionary<string, string>());
        var e = await Assert.ThrowsAsync<PortalValidationException>(() => S.ImportVersionAsync(Upload("lab.json") with { Preprocessing = spec }));
        Assert.Contains("COUNTY_NAME_Queens County", e.Message);
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Both_or_neither_source_is_refused()
    {
        var e = await Assert.ThrowsAsync<PortalValidationException>(() => S.ImportVersionAsync(new ImportVersionRequest(M, "V1")));
        Assert.Contains("exactly one artifact source", e.Message);
        Assert.Contains("not a valid version name", (await Assert.ThrowsAsync<PortalValidationException>(() => S.ImportVersionAsync(Upload("lab.json", "V 1")))).Message);
    }

    private async Task AssertNothingWrittenAsync()
    {
        foreach (var table in new[] { RegistrySchema.Models, RegistrySchema.Versions, RegistrySchema.Audit })
            Assert.Equal(0, await _bed.CountAsync(table));
        Assert.False(Directory.Exists(_bed.Artifacts.Directory) && Directory.EnumerateFiles(_bed.Artifacts.Directory, "*", SearchOption.AllDirectories).Any());
    }
}
