using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace MlopsPortal.Web.Tests.Scoring;

/// <summary>Recurring scoring runs: cron checked, next firings shown, pause/resume, and an alias-bound schedule following a promotion.</summary>
public sealed class ScoringScheduleApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Model = "SCHEDULED_MORTGAGE_MODEL";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_schedule_bound_to_PRODUCTION_scores_with_the_new_version_after_a_promotion_without_being_edited()
    {
        var admin = await portal.AdminClientAsync();
        await LabApi.EnsureTableAsync(admin, "INFERENCEMORTGAGEDATA", "Mortgage_Data.csv");
        await LabApi.ImportSageMakerAsync(admin, Model, "V1");
        await LabApi.ImportSageMakerAsync(admin, Model, "V2");
        await SetAliasAsync(admin, "PRODUCTION", "V1");

        var created = await admin.PostAsJsonAsync("/api/scoring/schedules", new
        {
            name = "nightly_prod", cron = "0 3 * * *", timeZone = "UTC",
            run = new { model = Model, alias = "PRODUCTION", source = "INFERENCEMORTGAGEDATA", output = "SCHEDULED_OUT", mode = "overwrite",
                filter = new[] { new { column = "WEEK", op = "=", value = "2" } } },
        }, Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var schedule = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("NIGHTLY_PROD", schedule.GetProperty("name").GetString());
        var next = schedule.GetProperty("nextFireTimes").EnumerateArray().Select(t => t.GetDateTime().ToUniversalTime()).ToList();
        Assert.Equal(5, next.Count);
        Assert.All(next, t => Assert.Equal(new TimeSpan(3, 0, 0), t.TimeOfDay));
        Assert.All(next.Zip(next.Skip(1)), pair => Assert.Equal(TimeSpan.FromDays(1), pair.Second - pair.First));
        Assert.True(next[0] > DateTime.UtcNow);

        Assert.Equal("V1", await FireAndWaitAsync(admin, "NIGHTLY_PROD"));
        await SetAliasAsync(admin, "PRODUCTION", "V2");
        Assert.Equal("V2", await FireAndWaitAsync(admin, "NIGHTLY_PROD"));
        var output = await admin.GetFromJsonAsync<JsonElement>("/api/tables/SCHEDULED_OUT", Ct);
        Assert.Equal(200, output.GetProperty("rows").GetInt64());
    }

    [Fact]
    public async Task Pausing_removes_the_recurring_job_and_resuming_brings_it_back()
    {
        var scientist = await portal.ClientWithRoleAsync("DataScientist");
        await LabApi.EnsureTableAsync(scientist, "INFERENCEMORTGAGEDATA", "Mortgage_Data.csv");
        await LabApi.ImportSageMakerAsync(scientist, Model, "V1");
        var created = await scientist.PostAsJsonAsync("/api/scoring/schedules", new
        {
            name = "WEEKLY_V1", cron = "30 6 * * 1", timeZone = "Europe/Paris",
            run = new { model = Model, version = "V1", source = "INFERENCEMORTGAGEDATA", output = "WEEKLY_OUT" },
        }, Ct);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        Assert.True(RecurringJobExists("scoring-schedule:WEEKLY_V1"));

        var paused = await (await scientist.PostAsync("/api/scoring/schedules/WEEKLY_V1/pause", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(paused.GetProperty("paused").GetBoolean());
        Assert.Empty(paused.GetProperty("nextFireTimes").EnumerateArray());
        Assert.False(RecurringJobExists("scoring-schedule:WEEKLY_V1"));

        var resumed = await (await scientist.PostAsync("/api/scoring/schedules/WEEKLY_V1/resume", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.False(resumed.GetProperty("paused").GetBoolean());
        Assert.Equal(5, resumed.GetProperty("nextFireTimes").GetArrayLength());
        Assert.True(RecurringJobExists("scoring-schedule:WEEKLY_V1"));
        // Monday 06:30 in Paris is 05:30 or 04:30 UTC depending on daylight saving.
        Assert.All(resumed.GetProperty("nextFireTimes").EnumerateArray().Select(t => t.GetDateTime().ToUniversalTime()),
            t => Assert.Contains(t.Hour, new[] { 4, 5 }));
    }

    [Fact]
    public async Task An_invalid_cron_or_time_zone_or_a_viewer_is_refused_and_nothing_is_stored()
    {
        var scientist = await portal.ClientWithRoleAsync("DataScientist");
        await LabApi.EnsureTableAsync(scientist, "INFERENCEMORTGAGEDATA", "Mortgage_Data.csv");
        await LabApi.ImportSageMakerAsync(scientist, Model, "V1");
        var viewer = await portal.ClientWithRoleAsync("Viewer");
        object Body(string name, string cron, string zone) => new
        {
            name, cron, timeZone = zone, run = new { model = Model, version = "V1", source = "INFERENCEMORTGAGEDATA", output = "NEVER_OUT" },
        };

        var badCron = await scientist.PostAsJsonAsync("/api/scoring/schedules", Body("BAD_CRON", "61 * * * *", "UTC"), Ct);
        var badZone = await scientist.PostAsJsonAsync("/api/scoring/schedules", Body("BAD_ZONE", "0 9 * * *", "Mars/Olympus"), Ct);
        var asViewer = await viewer.PostAsJsonAsync("/api/scoring/schedules", Body("VIEWER_SCHEDULE", "0 9 * * *", "UTC"), Ct);
        var preview = await scientist.GetAsync("/api/scoring/schedules/preview?cron=0%209%20*%20*%20MON-FRI", Ct);
        var badPreview = await scientist.GetAsync("/api/scoring/schedules/preview?cron=every%20day", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, badCron.StatusCode);
        Assert.Contains("61 * * * *", await badCron.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.BadRequest, badZone.StatusCode);
        Assert.Contains("Mars/Olympus", await badZone.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Forbidden, asViewer.StatusCode);
        Assert.Equal(5, (await preview.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, badPreview.StatusCode);
        var names = (await viewer.GetFromJsonAsync<JsonElement>("/api/scoring/schedules", Ct)).EnumerateArray()
            .Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.DoesNotContain("BAD_CRON", names);
        Assert.DoesNotContain("BAD_ZONE", names);
        Assert.DoesNotContain("VIEWER_SCHEDULE", names);
        Assert.False(RecurringJobExists("scoring-schedule:BAD_CRON"));
    }

    /// <summary>Fires the schedule through Hangfire's own recurring-job trigger and returns the version the run used.</summary>
    private async Task<string?> FireAndWaitAsync(HttpClient client, string schedule)
    {
        var before = (await client.GetFromJsonAsync<JsonElement>($"/api/scoring/schedules/{schedule}", Ct)).GetProperty("lastRunId").ToString();
        portal.Services.GetRequiredService<IRecurringJobManager>().Trigger("scoring-schedule:" + schedule);
        for (var i = 0; i < 1500; i++)
        {
            var s = await client.GetFromJsonAsync<JsonElement>($"/api/scoring/schedules/{schedule}", Ct);
            if (s.GetProperty("lastRunId").ValueKind == JsonValueKind.String && s.GetProperty("lastRunId").ToString() != before)
            {
                var run = await client.GetFromJsonAsync<JsonElement>($"/api/scoring/runs/{s.GetProperty("lastRunId").GetGuid()}", Ct);
                if (run.GetProperty("status").GetString() is "Succeeded" or "Failed" or "Cancelled")
                {
                    Assert.Equal("Succeeded", run.GetProperty("status").GetString());
                    return run.GetProperty("versionUsed").GetString();
                }
            }
            await Task.Delay(200, Ct);
        }
        throw new TimeoutException($"schedule {schedule} did not fire and finish in 5 minutes");
    }

    private bool RecurringJobExists(string id)
    {
        using var connection = portal.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().Any(j => j.Id == id);
    }

    private static async Task SetAliasAsync(HttpClient admin, string alias, string version)
    {
        var response = await admin.PutAsJsonAsync($"/api/models/{Model}/aliases/{alias}", new { version, reason = "schedule test" }, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }
}
