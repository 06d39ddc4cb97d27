using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MlopsPortal.Core.Demo;
using MlopsPortal.Web.Tests.Hosting;

namespace MlopsPortal.Web.Tests.Scale;

/// <summary>
/// Issue 18's memory budget: the portal runs as a child process (its own build output, default Warehouse settings),
/// imports 1,000,000 demo rows through the API in one streamed request and scores them by both paths; its peak RSS
/// (VmHWM in /proc/&lt;pid&gt;/status, the kernel's high-water mark of the whole process) must stay within 500 MB.
/// Measuring a child keeps the test host's own memory (xUnit, the generator) out of the number.
/// </summary>
public sealed class FlatMemoryTests
{
    private const int Rows = 1_000_000;
    private const long BudgetBytes = 500L * 1024 * 1024;
    private const string Password = "memory-pass-123";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Import_and_both_scoring_paths_over_1M_rows_keep_the_portals_peak_RSS_within_500_MB()
    {
        await using var portal = await PortalProcess.StartAsync(new()
        {
            ["MLOPS_SEED_DEMO"] = "true",
            ["MLOPS_ADMIN_USER"] = "admin",
            ["MLOPS_ADMIN_PASSWORD"] = Password,
        });
        using var http = new HttpClient { BaseAddress = new Uri(portal.Url), Timeout = TimeSpan.FromMinutes(20) };
        var token = await http.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = Password }, Ct);
        token.EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString());

        var phases = new List<string> { $"started {PeakRssBytes(portal.Id) >> 20} MB" };
        var imported = await http.PostAsync("/api/tables/BIG_INFERENCE/csv?mode=replace", new DemoCsvContent(Rows), Ct);
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync(Ct));
        Assert.Equal(Rows, (await imported.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("rows").GetInt64());
        phases.Add($"import {PeakRssBytes(portal.Id) >> 20} MB");

        foreach (var execution in new[] { "Warehouse", "Streamed" })
        {
            var started = await http.PostAsJsonAsync("/api/scoring/runs", new
            {
                model = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL", version = "V1", source = "BIG_INFERENCE",
                output = "BIG_SCORED_" + execution.ToUpperInvariant(), mode = "replace", execution,
            }, Ct);
            Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync(Ct));
            var id = (await started.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
            var run = await WaitAsync(http, id);
            Assert.True(run.GetProperty("status").GetString() == "Succeeded", run.ToString());
            Assert.Equal(Rows, run.GetProperty("rows").GetInt64());
            phases.Add($"{execution} scoring {PeakRssBytes(portal.Id) >> 20} MB");
        }

        var peak = PeakRssBytes(portal.Id);
        Assert.True(peak <= BudgetBytes, $"peak RSS {peak / (1024 * 1024)} MB exceeds the {BudgetBytes / (1024 * 1024)} MB budget (peak after each phase: {string.Join(", ", phases)})");
    }

    private static async Task<JsonElement> WaitAsync(HttpClient http, Guid id)
    {
        var deadline = DateTime.UtcNow.AddMinutes(15);
        while (DateTime.UtcNow < deadline)
        {
            var run = await http.GetFromJsonAsync<JsonElement>($"/api/scoring/runs/{id}", Ct);
            if (run.GetProperty("status").GetString() is "Succeeded" or "Failed" or "Cancelled")
                return run;
            await Task.Delay(500, Ct);
        }
        throw new TimeoutException($"scoring run {id} did not finish in 15 minutes");
    }

    /// <summary>VmHWM of a process: the most resident memory it ever had, in bytes.</summary>
    internal static long PeakRssBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The demo generator's rows written while they are sent (chunked): never held whole.</summary>
    private sealed class DemoCsvContent(int rows) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            await DemoCsv.WriteAsync(writer, DemoDataGenerator.Generate(DemoTable.InferenceMortgageData, rows, 7), Ct);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
