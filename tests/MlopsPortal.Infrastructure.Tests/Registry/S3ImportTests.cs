using Amazon.S3.Model;
using Microsoft.AspNetCore.DataProtection;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Security;
using MlopsPortal.Infrastructure.Registry;
using MlopsPortal.Infrastructure.Settings;

namespace MlopsPortal.Infrastructure.Tests.Registry;

public sealed class S3ImportTests(S3rverFixture s3) : IClassFixture<S3rverFixture>, IAsyncLifetime
{
    private readonly RegistryBed _bed = new();
    private const string M = RegistryBed.Model;
    private const string ArtifactKey = "xgboost-mortgage/output/model.tar.gz";

    public async ValueTask InitializeAsync()
    {
        await _bed.InitializeAsync();
        if (s3.SkipReason is null)
            _bed.S3Client = s3.CreateClient();
    }

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    [Fact]
    public async Task Imports_a_sagemaker_model_from_s3_with_content_compared()
    {
        Assert.SkipWhen(s3.SkipReason is not null, s3.SkipReason ?? "");
        var original = Fixtures.Bytes("lab.tar.gz");
        using (var client = s3.CreateClient())
        {
            await client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = S3rverFixture.Bucket,
                Key = ArtifactKey,
                InputStream = new MemoryStream(original),
                UseChunkEncoding = false,
            }, TestContext.Current.CancellationToken);
        }

        var uri = $"s3://{S3rverFixture.Bucket}/{ArtifactKey}";
        var v = await _bed.Service.ImportVersionAsync(
            new ImportVersionRequest(M, "V1", Location: uri, Features: FeatureList.Parse(Fixtures.LabHeader), Comment: "migrated from SageMaker"),
            TestContext.Current.CancellationToken);

        Assert.Equal($"SageMaker {uri}", v.Source.Description);
        Assert.Equal(("model.tar.gz", original.LongLength), (v.Source.FileName, v.Source.SizeBytes));
        var (content, _) = await _bed.Service.OpenArtifactAsync(M, "V1", TestContext.Current.CancellationToken);
        using var copy = new MemoryStream();
        using (content)
            await content.CopyToAsync(copy, TestContext.Current.CancellationToken);
        Assert.Equal(original, copy.ToArray());
        Assert.Equal(8, v.Signature.Count);
    }

    [Fact]
    public async Task Keys_entered_in_the_portal_are_stored_encrypted_and_used_for_the_import()
    {
        Assert.SkipWhen(s3.SkipReason is not null, s3.SkipReason ?? "");
        var ct = TestContext.Current.CancellationToken;
        using (var client = s3.CreateClient())
            await client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = S3rverFixture.Bucket, Key = ArtifactKey, InputStream = new MemoryStream(Fixtures.Bytes("lab.tar.gz")), UseChunkEncoding = false,
            }, ct);
        // No keys in configuration: only the endpoint. The keys come from the settings an admin entered.
        var options = new RegistryOptions { S3 = new S3Options { ServiceUrl = s3.Options.ServiceUrl, ForcePathStyle = true, Region = "us-east-1" } };
        var keys = Directory.CreateTempSubdirectory("mlops-keys-");
        var settings = new S3SettingsStore(options, new ProtectedSettingsStore(_bed.Warehouse, DataProtectionProvider.Create(keys)));
        var service = new RegistryService(_bed.Store, _bed.Artifacts, _bed.Reader, new ArtifactFetcher(options, s3Settings: settings), _bed.User);
        var admin = new PortalPrincipal("root", Role.Admin);
        var uri = $"s3://{S3rverFixture.Bucket}/{ArtifactKey}";
        var request = new ImportVersionRequest(M, "V1", Location: uri, Features: FeatureList.Parse(Fixtures.LabHeader));

        await settings.SaveAsync(new S3SettingsInput(s3.Options.ServiceUrl, "us-east-1", true, "WRONG-KEY", "WRONG-SECRET"), admin, ct);
        await Assert.ThrowsAsync<PortalValidationException>(() => service.ImportVersionAsync(request, ct));
        Assert.Equal(0, await _bed.CountAsync(RegistrySchema.Models));

        await settings.SaveAsync(new S3SettingsInput(s3.Options.ServiceUrl, "us-east-1", true, S3rverFixture.Key, S3rverFixture.Key), admin, ct);
        var stored = await _bed.Warehouse.QueryAsync<string>("SELECT VALUE FROM PORTAL_SETTINGS WHERE SECTION = 'S3' AND NAME = 'SecretKey'", ct: ct);
        Assert.NotEqual(S3rverFixture.Key, stored.Single());
        var view = await settings.ViewAsync(ct);
        Assert.True(view.HasSecretKey && view.EnteredInPortal);
        Assert.Equal(S3rverFixture.Key, view.AccessKey);

        var v = await service.ImportVersionAsync(request, ct);
        Assert.Equal($"SageMaker {uri}", v.Source.Description);
    }

    [Fact]
    public async Task A_missing_key_is_named_and_changes_nothing()
    {
        Assert.SkipWhen(s3.SkipReason is not null, s3.SkipReason ?? "");
        var uri = $"s3://{S3rverFixture.Bucket}/no/such/model.tar.gz";
        var e = await Assert.ThrowsAsync<PortalNotFoundException>(() =>
            _bed.Service.ImportVersionAsync(new ImportVersionRequest(M, "V1", Location: uri), TestContext.Current.CancellationToken));
        Assert.Contains(uri, e.Message);
        Assert.Equal(0, await _bed.CountAsync(RegistrySchema.Models));
    }

    [Fact]
    public async Task A_malformed_s3_uri_is_named()
    {
        var e = await Assert.ThrowsAsync<PortalValidationException>(() =>
            _bed.Service.ImportVersionAsync(new ImportVersionRequest(M, "V1", Location: "s3://bucket-only"), TestContext.Current.CancellationToken));
        Assert.Contains("s3://bucket/key", e.Message);
    }
}
