using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using netDumbster.smtp;

namespace MlopsPortal.Web.Tests.Monitoring;

/// <summary>The portal with a real SMTP server (netDumbster) configured as its Smtp settings.</summary>
public sealed class SmtpPortal : IAsyncDisposable
{
    public SmtpPortal()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Smtp = SimpleSmtpServer.Start(port);
        Portal.Settings["Smtp:Host"] = "127.0.0.1";
        Portal.Settings["Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Portal.Settings["Smtp:RetryDelay"] = "00:00:00.050";
    }

    public PortalFactory Portal { get; } = new();

    public SimpleSmtpServer Smtp { get; }

    public async ValueTask DisposeAsync()
    {
        Smtp.Stop();
        await Portal.DisposeAsync();
    }
}

/// <summary>The lab's phase 2 through the REST API: table, baseline, monitor, refresh job, metrics, SEAI52, alert email.</summary>
public sealed class MonitoringApiTests(SmtpPortal fixture) : IClassFixture<SmtpPortal>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private PortalFactory Portal => fixture.Portal;

    private static object Monitor(string source = "PREDICTIONS_WITH_GROUND_TRUTH") => new
    {
        name = "MORTGAGE_MODEL_MONITOR", model = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL", version = "V1", function = "predict",
        source, baseline = "BASELINE_PREDICTIONS", timestampColumn = "WEEK_START_DATE", aggregationWindowDays = 7,
        idColumns = new[] { "LOAN_ID" }, predictionClassColumns = new[] { "PREDICTED_RESPONSE" },
        predictionScoreColumns = new[] { "PREDICTED_SCORE" }, actualClassColumns = new[] { "MORTGAGERESPONSE" },
        segmentColumns = Array.Empty<string>(), refreshInterval = "1 day",
    };

    private static object Alert(string schedule = "0 9 * * *") => new
    {
        name = "F1_SCORE_DROP_ALERT", monitor = "MORTGAGE_MODEL_MONITOR", metric = "F1_SCORE", column = "", comparator = "<",
        threshold = 0.7, start = "2025-02-09", end = "2025-02-16", schedule, timeZone = "UTC", recipients = new[] { "manager@example.com" },
    };

    [Fact]
    public async Task Lab_phase_2_monitor_refresh_metrics_and_alert_email()
    {
        var admin = await Portal.AdminClientAsync();
        var viewer = await Portal.ClientWithRoleAsync("Viewer");

        var upload = await admin.PostAsync("/api/tables/PREDICTIONS_WITH_GROUND_TRUTH/csv?mode=create", new StringContent(LabPredictions.Csv(), Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var baseline = await admin.PostAsJsonAsync("/api/monitors/baselines", new
        {
            source = "PREDICTIONS_WITH_GROUND_TRUTH", output = "BASELINE_PREDICTIONS",
            filter = new object[] { new { column = "WEEK", op = "between", value = 1, value2 = 5 } },
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, baseline.StatusCode);

        await FixtureModels.RegisterAsync(admin, "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL"); // a monitor names a model the registry holds
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/monitors", Monitor(), Ct)).StatusCode);
        var bad = await admin.PostAsJsonAsync("/api/monitors", Monitor("NO_SUCH_TABLE"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("NO_SUCH_TABLE does not exist", await bad.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/monitors", Monitor(), Ct)).StatusCode);
        await admin.PostAsync("/api/tables/ALL_PREDICTIONS_WITH_GROUND_TRUTH/csv?mode=create", new StringContent(LabPredictions.Csv(), Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/monitors?replace=true", Monitor("ALL_PREDICTIONS_WITH_GROUND_TRUTH"), Ct)).StatusCode);

        var refresh = await admin.PostAsync("/api/monitors/MORTGAGE_MODEL_MONITOR/refresh", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, refresh.StatusCode);
        var runId = (await refresh.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("runId").GetString();
        await WaitForJobAsync(admin, runId!);

        var list = await viewer.GetFromJsonAsync<JsonElement>("/api/monitors", Ct);
        Assert.Equal("ALL_PREDICTIONS_WITH_GROUND_TRUTH", list.EnumerateArray().Single().GetProperty("source").GetString());

        var f1 = await viewer.GetFromJsonAsync<JsonElement>("/api/monitors/MORTGAGE_MODEL_MONITOR/metrics?metric=F1_SCORE&granularity=7%20DAYS&start=2024-12-01&end=2025-12-31", Ct);
        Assert.Equal(25, f1.GetArrayLength());
        var first = f1[0];
        Assert.Equal(new DateTime(2024, 12, 20), first.GetProperty("eventTimestamp").GetDateTime());
        Assert.Equal(LabPredictions.GoldenWindows()[0].GetProperty("f1").GetDouble(), first.GetProperty("value").GetDouble(), 1e-9); // 0.7091633466135459 on the lab's data
        Assert.Equal(200, first.GetProperty("countUsed").GetInt64());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("column").ValueKind);

        var js = await viewer.GetFromJsonAsync<JsonElement>("/api/monitors/MORTGAGE_MODEL_MONITOR/metrics?metric=JENSEN_SHANNON&column=APPLICANT_INCOME_000S", Ct);
        Assert.Equal("APPLICANT_INCOME_000S", js[0].GetProperty("column").GetString());

        // Issue 14: drift on the lab model's inputs (its one-hot features folded to their columns) and the predictions only,
        // and every window starts on a WEEK_START_DATE the data has (2024-12-20, 2025-01-05, …, not 01-03).
        var allDrift = await viewer.GetFromJsonAsync<JsonElement>("/api/monitors/MORTGAGE_MODEL_MONITOR/metrics?metric=JENSEN_SHANNON", Ct);
        Assert.Equal(["APPLICANT_INCOME_000S", "COUNTY_NAME", "LOAN_AMOUNT_000S", "LOAN_PURPOSE_NAME", "PREDICTED_RESPONSE", "PREDICTED_SCORE"],
            allDrift.EnumerateArray().Select(p => p.GetProperty("column").GetString()!).Distinct().Order(StringComparer.Ordinal));
        var weekStarts = LabPredictions.Csv().Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => DateTime.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture).Date).ToHashSet();
        Assert.All(f1.EnumerateArray(), p => Assert.Contains(p.GetProperty("eventTimestamp").GetDateTime(), weekStarts));
        Assert.Contains(f1.EnumerateArray(), p => p.GetProperty("eventTimestamp").GetDateTime() == new DateTime(2025, 1, 5));
        var badGranularity = await viewer.GetAsync("/api/monitors/MORTGAGE_MODEL_MONITOR/metrics?metric=F1_SCORE&granularity=1%20DAY", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badGranularity.StatusCode);

        var checks = await viewer.GetFromJsonAsync<JsonElement>("/api/lab/checks", Ct);
        var seai52 = checks.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "SEAI52");
        Assert.True(seai52.GetProperty("holds").GetBoolean(), seai52.ToString());

        // Alerts
        var badCron = await admin.PostAsJsonAsync("/api/alerts", Alert("61 * * * *"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badCron.StatusCode);
        Assert.Contains("Invalid cron expression '61 * * * *'", await badCron.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/alerts", Alert(), Ct)).StatusCode);
        var created = await admin.PostAsJsonAsync("/api/alerts", Alert(), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("Suspended", (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("state").GetString());

        var resumed = await (await admin.PostAsync("/api/alerts/F1_SCORE_DROP_ALERT/resume", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(5, resumed.GetProperty("nextFireTimes").GetArrayLength());
        Assert.Contains(RecurringIds(), id => id == "alert:F1_SCORE_DROP_ALERT");

        var executed = await (await admin.PostAsync("/api/alerts/F1_SCORE_DROP_ALERT/execute", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(executed.GetProperty("fired").GetBoolean(), executed.ToString());
        Assert.True(executed.GetProperty("delivered").GetBoolean(), executed.ToString());
        Assert.Equal(1, fixture.Smtp.ReceivedEmailCount);
        Assert.Contains("F1_SCORE_DROP_ALERT", fixture.Smtp.ReceivedEmail[0].Headers["Subject"]);

        var history = await viewer.GetFromJsonAsync<JsonElement>("/api/alerts/F1_SCORE_DROP_ALERT/history", Ct);
        Assert.Equal(1, history.GetArrayLength());
        Assert.Equal(PortalFactory.AdminUser, history[0].GetProperty("triggeredBy").GetString());

        await admin.PostAsync("/api/alerts/F1_SCORE_DROP_ALERT/suspend", null, Ct);
        Assert.DoesNotContain(RecurringIds(), id => id == "alert:F1_SCORE_DROP_ALERT");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/alerts/F1_SCORE_DROP_ALERT/execute", null, Ct)).StatusCode);
    }

    private List<string> RecurringIds()
    {
        using var connection = Portal.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().Select(j => j.Id).ToList();
    }

    private static async Task WaitForJobAsync(HttpClient client, string runId)
    {
        var until = DateTime.UtcNow.AddSeconds(300); // generous: CI shares 2 cores between portals
        while (DateTime.UtcNow < until)
        {
            var run = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{runId}", Ct);
            var status = run.GetProperty("status").GetString();
            if (status is "Succeeded")
                return;
            Assert.False(status is "Failed" or "Cancelled", run.ToString());
            await Task.Delay(300, Ct);
        }

        Assert.Fail($"Refresh run {runId} did not finish in 300 s.");
    }
}
