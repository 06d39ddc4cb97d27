using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text.Json;

namespace MlopsPortal.Web.Tests.Security;

/// <summary>A portal whose server-path imports may read one temporary folder and /dev, with small archive and tree limits.</summary>
public sealed class ArtifactLimitsPortal : PortalFactory
{
    public string Root { get; } = Directory.CreateTempSubdirectory("mlops-import-root").FullName;
    public string Outside { get; } = Directory.CreateTempSubdirectory("mlops-import-outside").FullName;

    public ArtifactLimitsPortal()
    {
        Settings["Registry:AllowedPathRoots:0"] = Root;
        Settings["Registry:AllowedPathRoots:1"] = "/dev";
        Settings["Registry:MaxDecompressedBytes"] = (8 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["Registry:MaxTreeDepth"] = "3";
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var dir in new[] { Root, Outside })
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// Threat: a hostile model import (server paths to devices or out of bounds, a gzip bomb, a corrupt, truncated, foreign
/// or too deep model). Each is refused with a 4xx saying what was found, quickly, and no version is registered.
/// </summary>
public sealed class ArtifactAttackTests(PortalFactory plain, ArtifactLimitsPortal limited)
    : IClassFixture<PortalFactory>, IClassFixture<ArtifactLimitsPortal>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Fixture(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MlopsPortal.sln")))
                return Path.Combine(dir.FullName, "tests", "MlopsPortal.Trees.Tests", "Fixtures", name);
        throw new InvalidOperationException("MlopsPortal.sln not found");
    }

    private static async Task<(HttpStatusCode Status, string Detail)> ImportAsync(HttpClient client, string model, HttpContent source, string name)
    {
        using var form = new MultipartFormDataContent { { new StringContent("V1"), "version" } };
        if (name == "artifact")
            form.Add(source, name, "model.tar.gz");
        else
            form.Add(source, name);
        var response = await client.PostAsync($"/api/models/{model}/versions", form, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var detail = text.Length > 0 && text.TrimStart().StartsWith('{') && JsonDocument.Parse(text).RootElement.TryGetProperty("detail", out var d)
            ? d.GetString() ?? "" : text;
        return (response.StatusCode, detail);
    }

    private static Task<(HttpStatusCode, string)> ImportPathAsync(HttpClient client, string model, string path) =>
        ImportAsync(client, model, new StringContent(path), "path");

    private static Task<(HttpStatusCode, string)> UploadAsync(HttpClient client, string model, byte[] artifact) =>
        ImportAsync(client, model, new ByteArrayContent(artifact), "artifact");

    private static async Task AssertNotRegisteredAsync(HttpClient client, string model) =>
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/models/{model}", Ct)).StatusCode);

    [Fact]
    public async Task Server_path_import_is_off_unless_roots_are_configured()
    {
        var admin = await plain.AdminClientAsync();
        var (status, detail) = await ImportPathAsync(admin, "PATH_OFF", Fixture("default.json"));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("Registry:AllowedPathRoots", detail);
        await AssertNotRegisteredAsync(admin, "PATH_OFF");
    }

    [Fact]
    public async Task Dev_zero_is_refused_fast_as_not_a_regular_file()
    {
        var admin = await limited.AdminClientAsync();
        var watch = Stopwatch.StartNew();
        var (status, detail) = await ImportPathAsync(admin, "DEV_ZERO", "/dev/zero");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not a regular file", detail);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        await AssertNotRegisteredAsync(admin, "DEV_ZERO");
    }

    [Fact]
    public async Task Paths_and_symbolic_links_out_of_the_roots_are_refused()
    {
        var admin = await limited.AdminClientAsync();
        var outsideModel = Path.Combine(limited.Outside, "model.json");
        File.Copy(Fixture("default.json"), outsideModel, overwrite: true);
        var link = Path.Combine(limited.Root, "escape.json");
        if (!File.Exists(link))
            File.CreateSymbolicLink(link, outsideModel);
        var dirLink = Path.Combine(limited.Root, "elsewhere");
        if (!Directory.Exists(dirLink))
            Directory.CreateSymbolicLink(dirLink, limited.Outside);

        foreach (var path in new[] { outsideModel, Path.Combine(limited.Root, "..", Path.GetFileName(limited.Outside), "model.json"), link,
                                     Path.Combine(dirLink, "model.json"), "/etc/passwd" })
        {
            var (status, detail) = await ImportPathAsync(admin, "ESCAPE", path);
            Assert.True(status == HttpStatusCode.Forbidden, $"{path}: {status} {detail}");
            Assert.Contains("outside the folders imports may read", detail);
        }
        await AssertNotRegisteredAsync(admin, "ESCAPE");

        // The same model inside the root imports.
        var inside = Path.Combine(limited.Root, "model.json");
        File.Copy(Fixture("default.json"), inside, overwrite: true);
        Assert.Equal(HttpStatusCode.BadRequest, (await ImportPathAsync(admin, "INSIDE", inside)).Item1); // too deep for this portal's limit of 3
    }

    /// <summary>64 MiB of zeros streamed through GZipStream: about 64 KiB on the wire, no big buffer on either side.</summary>
    private static byte[] GzipBomb(long inflated)
    {
        using var compressed = new MemoryStream();
        using (var gz = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (long written = 0; written < inflated; written += zeros.Length)
                gz.Write(zeros);
        }
        return compressed.ToArray();
    }

    [Fact]
    public async Task A_gzip_bomb_is_refused_naming_the_limit()
    {
        var admin = await limited.AdminClientAsync();
        var bomb = GzipBomb(64L * 1024 * 1024);
        Assert.True(bomb.Length < 1024 * 1024);

        var (status, detail) = await UploadAsync(admin, "BOMB", bomb);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("8,388,608 bytes", detail);
        Assert.Contains("Registry:MaxDecompressedBytes", detail);
        await AssertNotRegisteredAsync(admin, "BOMB");
    }

    [Fact]
    public async Task Corrupt_truncated_foreign_and_too_deep_models_are_4xx_saying_what_was_found()
    {
        var admin = await limited.AdminClientAsync();
        var json = await File.ReadAllBytesAsync(Fixture("default.json"), Ct);
        var tar = await File.ReadAllBytesAsync(Fixture("default.tar.gz"), Ct);
        var cases = new (string Name, byte[] Bytes, string Says)[]
        {
            ("TRUNCATED_JSON", json[..(json.Length / 2)], "not a model the portal can read"),
            ("TRUNCATED_GZIP", tar[..(tar.Length / 2)], "not a model the portal can read"),
            ("CORRUPT_GZIP", [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF, 1, 2, 3, 4, 5, 6, 7, 8], "not a model the portal can read"),
            ("ZIP", [(byte)'P', (byte)'K', 3, 4, 0, 0, 0, 0], "ZIP archive"),
            ("PICKLE", [0x80, 4, 0x95, 0, 0, 0], "pickle"),
            ("TEXT", "hello world, not a model"u8.ToArray(), "Unrecognised model format"),
            ("TOO_DEEP", json, "levels deep; the limit is 3"),
        };
        foreach (var (name, bytes, says) in cases)
        {
            var (status, detail) = await UploadAsync(admin, name, bytes);
            Assert.True(status == HttpStatusCode.BadRequest, $"{name}: {status} {detail}");
            Assert.Contains(says, detail);
            await AssertNotRegisteredAsync(admin, name);
        }
    }

    [Fact]
    public void The_reader_bounds_the_node_count()
    {
        var json = File.ReadAllBytes(Fixture("default.json"));
        var e = Assert.Throws<MlopsPortal.Trees.Reading.ModelFormatException>(() =>
            MlopsPortal.Trees.Reading.ModelLoader.Load(json, new MlopsPortal.Trees.Reading.ModelReadLimits(MaxNodes: 10)));
        Assert.Contains("more than 10 tree nodes", e.Message);
    }
}
