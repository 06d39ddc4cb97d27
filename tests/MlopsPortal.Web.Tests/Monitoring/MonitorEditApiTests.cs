using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace MlopsPortal.Web.Tests.Monitoring;

/// <summary>Monitors and alerts refuse what cannot work (a model or version not in the registry), and can be edited and deleted.</summary>
public sealed class MonitorEditApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Model = "EDIT_TEST_MODEL";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Three weeks of ten scored rows; enough for a monitor's checks (no lab data needed).</summary>
    private static string PredictionsCsv()
    {
        var sb = new StringBuilder("WEEK_START_DATE,LOAN_ID,APPLICANT_INCOME_000S,PREDICTED_SCORE,PREDICTED_RESPONSE,MORTGAGERESPONSE\n");
        for (var week = 0; week < 3; week++)
            for (var i = 0; i < 10; i++)
            {
                var score = ((i * 7) + week) % 10 / 10.0;
                sb.Append(CultureInfo.InvariantCulture, $"{new DateTime(2024, 12, 20).AddDays(7 * week):yyyy-MM-dd HH:mm:ss},{i},{40 + i + week},{score},{(score > 0.5 ? 1 : 0)},{i % 2}\n");
            }

        return sb.ToString();
    }

    private static object Monitor(string model = Model, string version = "V1", int days = 7, string name = "EDIT_MONITOR") => new
    {
        name, model, version, function = "predict", source = "EDIT_PREDICTIONS", baseline = "EDIT_PREDICTIONS",
        timestampColumn = "WEEK_START_DATE", aggregationWindowDays = days, idColumns = new[] { "LOAN_ID" },
        predictionClassColumns = new[] { "PREDICTED_RESPONSE" }, predictionScoreColumns = new[] { "PREDICTED_SCORE" },
        actualClassColumns = new[] { "MORTGAGERESPONSE" }, segmentColumns = Array.Empty<string>(), refreshInterval = "1 day",
    };

    private static object Alert(double threshold, string name = "EDIT_ALERT") => new
    {
        name, monitor = "EDIT_MONITOR", metric = "F1_SCORE", column = "", comparator = "<", threshold,
        lastDays = 7, schedule = "0 9 * * *", timeZone = "UTC", recipients = new[] { "manager@example.com" },
    };

    private async Task<HttpClient> SetUpAsync()
    {
        var admin = await portal.AdminClientAsync();
        if (!(await admin.GetAsync("/api/tables/EDIT_PREDICTIONS", Ct)).IsSuccessStatusCode)
        {
            var upload = await admin.PostAsync("/api/tables/EDIT_PREDICTIONS/csv?mode=create", new StringContent(PredictionsCsv(), Encoding.UTF8, "text/csv"), Ct);
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        }

        return admin;
    }

    [Fact]
    public async Task A_monitor_naming_a_model_or_version_not_in_the_registry_is_refused()
    {
        var admin = await SetUpAsync();
        var unknownModel = await admin.PostAsJsonAsync("/api/monitors", Monitor(model: "MORTGAGE_LENDING_MLOPS_0", name: "REFUSED_MONITOR"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknownModel.StatusCode);
        Assert.Contains("no model MORTGAGE_LENDING_MLOPS_0", await unknownModel.Content.ReadAsStringAsync(Ct));

        await FixtureModels.RegisterAsync(admin, Model);
        var unknownVersion = await admin.PostAsJsonAsync("/api/monitors", Monitor(version: "V9", name: "REFUSED_MONITOR"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknownVersion.StatusCode);
        Assert.Contains("has no version V9", await unknownVersion.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/monitors/REFUSED_MONITOR", Ct)).StatusCode);
    }

    [Fact]
    public async Task Monitors_and_alerts_are_edited_and_deleted_through_the_api()
    {
        var admin = await SetUpAsync();
        var viewer = await portal.ClientWithRoleAsync("Viewer");
        await FixtureModels.RegisterAsync(admin, Model);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/monitors", Monitor(), Ct)).StatusCode);

        // Edit the monitor: the window changes, the name cannot, a viewer may not, a missing monitor is a 404.
        var edited = await admin.PutAsJsonAsync("/api/monitors/EDIT_MONITOR", Monitor(days: 14), Ct);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(14, (await admin.GetFromJsonAsync<JsonElement>("/api/monitors/EDIT_MONITOR", Ct)).GetProperty("aggregationWindowDays").GetInt32());
        var renamed = await admin.PutAsJsonAsync("/api/monitors/EDIT_MONITOR", Monitor(name: "OTHER_NAME"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
        Assert.Contains("keeps the monitor's name", await renamed.Content.ReadAsStringAsync(Ct));
        var badVersion = await admin.PutAsJsonAsync("/api/monitors/EDIT_MONITOR", Monitor(version: "V9"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badVersion.StatusCode);
        Assert.Equal("V1", (await admin.GetFromJsonAsync<JsonElement>("/api/monitors/EDIT_MONITOR", Ct)).GetProperty("version").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync("/api/monitors/EDIT_MONITOR", Monitor(), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/monitors/NO_SUCH_MONITOR", Monitor(name: "NO_SUCH_MONITOR"), Ct)).StatusCode);

        // Edit a started alert: the new threshold is stored and the alert stays started.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/alerts", Alert(0.7), Ct)).StatusCode);
        (await admin.PostAsync("/api/alerts/EDIT_ALERT/resume", null, Ct)).EnsureSuccessStatusCode();
        var alert = await admin.PutAsJsonAsync("/api/alerts/EDIT_ALERT", Alert(0.5), Ct);
        Assert.Equal(HttpStatusCode.OK, alert.StatusCode);
        var stored = await admin.GetFromJsonAsync<JsonElement>("/api/alerts/EDIT_ALERT", Ct);
        Assert.Equal(0.5, stored.GetProperty("spec").GetProperty("threshold").GetDouble());
        Assert.Equal("Started", stored.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/api/alerts/EDIT_ALERT", Alert(0.5, "RENAMED"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync("/api/alerts/EDIT_ALERT", Alert(0.4), Ct)).StatusCode);

        // Delete: viewers may not; then the alert and the monitor are gone.
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync("/api/alerts/EDIT_ALERT", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/alerts/EDIT_ALERT", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/alerts/EDIT_ALERT", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync("/api/monitors/EDIT_MONITOR", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/monitors/EDIT_MONITOR", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/monitors/EDIT_MONITOR", Ct)).StatusCode);
    }
}
