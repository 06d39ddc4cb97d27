using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;

namespace MlopsPortal.Web.Tests.Data;

/// <summary>Imports through <c>POST /api/tables/{t}/csv</c> on a real Kestrel: big CSVs, gzip and Parquet, and their failures.</summary>
public sealed class BigImportApiTests(KestrelPortalFactory portal) : IClassFixture<KestrelPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_csv_larger_than_30_MB_is_imported_in_one_streamed_request()
    {
        var client = await portal.AdminClientAsync();
        const int rows = 700_000;
        var content = new GeneratedCsvContent(rows);

        var response = await client.PostAsync("/api/tables/BIG_CSV/csv?mode=create", content, Ct);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        Assert.True(content.BytesWritten > 30_000_000, $"only {content.BytesWritten:N0} bytes were sent");
        Assert.Equal(rows, await RowsAsync(client, "BIG_CSV"));
    }

    [Fact]
    public async Task A_gzip_csv_is_imported_whether_declared_by_content_encoding_or_not()
    {
        var client = await portal.AdminClientAsync();
        var gz = Gzip("ID,NAME\n1,a\n2,b\n3,c\n");

        var declared = new ByteArrayContent(gz);
        declared.Headers.ContentEncoding.Add("gzip");
        var first = await client.PostAsync("/api/tables/GZ_DECLARED/csv?mode=create", declared, Ct);
        var second = await client.PostAsync("/api/tables/GZ_SNIFFED/csv?mode=replace", new ByteArrayContent(gz), Ct);

        Assert.True(first.IsSuccessStatusCode, await first.Content.ReadAsStringAsync(Ct));
        Assert.True(second.IsSuccessStatusCode, await second.Content.ReadAsStringAsync(Ct));
        Assert.Equal(3, await RowsAsync(client, "GZ_DECLARED"));
        Assert.Equal(3, await RowsAsync(client, "GZ_SNIFFED"));
    }

    [Fact]
    public async Task Damaged_or_falsely_declared_gzip_and_bad_rows_inside_gzip_are_refused_and_write_nothing()
    {
        var client = await portal.AdminClientAsync();
        var gz = Gzip("ID,NAME\n" + string.Concat(Enumerable.Range(1, 5_000).Select(i => $"{i},name{i}\n")));
        var damaged = gz.Take(gz.Length / 2).ToArray();
        var plain = new StringContent("ID\n1\n", Encoding.UTF8, "text/csv");
        plain.Headers.ContentEncoding.Add("gzip");
        var badRow = Gzip("ID,AMOUNT\n1,10\n2,x\n");

        var truncated = await client.PostAsync("/api/tables/GZ_DAMAGED/csv?mode=create", new ByteArrayContent(damaged), Ct);
        var notGzip = await client.PostAsync("/api/tables/GZ_FALSE/csv?mode=create", plain, Ct);
        var typed = await client.PostAsync("/api/tables/GZ_TYPED/csv?mode=create", new StringContent("ID,AMOUNT\n7,70\n", Encoding.UTF8, "text/csv"), Ct);
        Assert.True(typed.IsSuccessStatusCode, await typed.Content.ReadAsStringAsync(Ct));
        var bad = await client.PostAsync("/api/tables/GZ_TYPED/csv?mode=append", new ByteArrayContent(badRow), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, truncated.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notGzip.StatusCode);
        Assert.Contains("gzip", await Detail(notGzip));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("line 3, column AMOUNT", await Detail(bad));
        Assert.Equal(1, await RowsAsync(client, "GZ_TYPED"));
        foreach (var table in new[] { "GZ_DAMAGED", "GZ_FALSE" })
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/tables/{table}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Parquet_is_imported_created_by_replace_appended_and_its_failures_write_nothing()
    {
        var client = await portal.AdminClientAsync();
        var parquet = Parquet("SELECT i AS ID, 'n' || i AS NAME, i * 0.5 AS SCORE FROM range(1, 1001) t(i)");
        var other = Parquet("SELECT i AS ID, 'x' AS WRONG FROM range(1, 11) t(i)");

        var created = await client.PostAsync("/api/tables/PQ_T/csv?mode=replace", new ByteArrayContent(parquet), Ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        var appended = await client.PostAsync("/api/tables/PQ_T/csv?mode=append", new ByteArrayContent(parquet), Ct);
        Assert.True(appended.IsSuccessStatusCode, await appended.Content.ReadAsStringAsync(Ct));
        Assert.Equal(2_000, await RowsAsync(client, "PQ_T"));

        var mismatched = await client.PostAsync("/api/tables/PQ_T/csv?mode=append", new ByteArrayContent(other), Ct);
        var truncated = await client.PostAsync("/api/tables/PQ_T/csv?mode=replace", new ByteArrayContent(parquet.Take(parquet.Length - 20).ToArray()), Ct);
        var exists = await client.PostAsync("/api/tables/PQ_T/csv?mode=create", new ByteArrayContent(parquet), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, mismatched.StatusCode);
        Assert.Contains("WRONG", await Detail(mismatched));
        Assert.Equal(HttpStatusCode.BadRequest, truncated.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, exists.StatusCode);
        Assert.Equal(2_000, await RowsAsync(client, "PQ_T"));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(portal.DataDirectory, "imports")));
    }

    internal static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Fastest))
            gz.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }

    /// <summary>A Parquet file written by DuckDB itself (an in-memory database, not the portal's).</summary>
    private static byte[] Parquet(string select)
    {
        var path = Path.Combine(Path.GetTempPath(), "mlops-pq-" + Guid.NewGuid().ToString("N") + ".parquet");
        try
        {
            using (var connection = new DuckDBConnection("Data Source=:memory:"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = $"COPY ({select}) TO '{path}' (FORMAT parquet)";
                command.ExecuteNonQuery();
            }
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static async Task<long> RowsAsync(HttpClient client, string table)
    {
        var json = await client.GetFromJsonAsync<JsonElement>($"/api/tables/{table}", Ct);
        return json.GetProperty("rows").GetInt64();
    }

    internal static async Task<string> Detail(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString() ?? "";

    /// <summary>A CSV written row by row while it is sent (chunked, no length): nothing of it is held in memory whole.</summary>
    internal sealed class GeneratedCsvContent(int rows) : HttpContent
    {
        public long BytesWritten { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var line = new StringBuilder("ID,AMOUNT,NAME\n");
            for (var i = 1; i <= rows; i++)
            {
                line.Append(i).Append(',').Append(i * 3 % 1000).Append(",customer-name-").Append(i).Append("-padded-to-be-longer\n");
                if (line.Length > 60_000 || i == rows)
                {
                    var bytes = Encoding.UTF8.GetBytes(line.ToString());
                    await stream.WriteAsync(bytes);
                    BytesWritten += bytes.Length;
                    line.Clear();
                }
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

/// <summary>Uploads beyond the configured limits answer 413 naming the limit and its setting, and write nothing.</summary>
public sealed class ImportLimitApiTests(SmallImportLimitPortalFactory portal) : IClassFixture<SmallImportLimitPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_upload_over_the_limit_answers_413_naming_the_limit_and_setting()
    {
        var client = await portal.AdminClientAsync();
        var body = Encoding.UTF8.GetBytes("ID\n" + string.Concat(Enumerable.Range(0, 200_000).Select(i => $"{i}\n")));
        Assert.True(body.Length > SmallImportLimitPortalFactory.MaxBytes);

        var sized = await client.PostAsync("/api/tables/TOO_BIG/csv?mode=create", new ByteArrayContent(body), Ct);
        var chunked = await client.PostAsync("/api/tables/TOO_BIG/csv?mode=create", new StreamContentWithoutLength(body), Ct);

        foreach (var response in new[] { sized, chunked })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            var detail = await BigImportApiTests.Detail(response);
            Assert.Contains("1 MiB", detail);
            Assert.Contains("Import:MaxUploadBytes", detail);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/tables/TOO_BIG", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_gzip_bomb_is_stopped_at_the_decompressed_limit_with_413()
    {
        var client = await portal.AdminClientAsync();
        var bomb = BigImportApiTests.Gzip("ID,PAD\n" + string.Concat(Enumerable.Repeat("1,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", 100_000)));
        Assert.True(bomb.Length < SmallImportLimitPortalFactory.MaxBytes);

        var response = await client.PostAsync("/api/tables/BOMB/csv?mode=create", new ByteArrayContent(bomb), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var detail = await BigImportApiTests.Detail(response);
        Assert.Contains("2 MiB", detail);
        Assert.Contains("Import:MaxDecompressedBytes", detail);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/tables/BOMB", Ct)).StatusCode);
    }

    private sealed class StreamContentWithoutLength(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
