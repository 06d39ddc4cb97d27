using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Jobs;
using MlopsPortal.Core.Alerts;
using MlopsPortal.Core.Security;
using MlopsPortal.Infrastructure.Alerts;
using MlopsPortal.Infrastructure.Jobs;
using MlopsPortal.Infrastructure.Settings;
using netDumbster.smtp;

namespace MlopsPortal.Infrastructure.Tests.Monitoring;

internal sealed class RecordingAlertScheduler : IAlertScheduler
{
    public HashSet<string> Scheduled { get; } = [];

    public void Schedule(AlertSpec spec) => Scheduled.Add(spec.Name);

    public void Unschedule(string alert) => Scheduled.Remove(alert);
}

/// <summary>Alerts on the lab data with a real SMTP server (netDumbster) in the process.</summary>
public sealed class AlertTests : IDisposable
{
    private const string Alert = "F1_SCORE_DROP_ALERT";
    private readonly MonitoringFixture fx = new();
    private readonly SimpleSmtpServer smtp;
    private readonly RecordingAlertScheduler scheduler = new();
    private readonly AlertStore store;
    private readonly AlertEvaluator evaluator;
    private readonly ServiceProvider http = new ServiceCollection().AddHttpClient().BuildServiceProvider();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private WarehouseJobRunStore Jobs => new(fx.Warehouse);

    public AlertTests()
    {
        var port = FreePort();
        smtp = SimpleSmtpServer.Start(port);
        store = new AlertStore(fx.Warehouse);
        var options = Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = port, From = "portal@example.com", Attempts = 2, RetryDelay = TimeSpan.FromMilliseconds(50) });
        var notifier = new AlertNotifier(new SmtpSettingsStore(options), http.GetRequiredService<IHttpClientFactory>(), NullLogger<AlertNotifier>.Instance);
        evaluator = new AlertEvaluator(store, fx.Metrics, notifier, new JobTracker(Jobs, NullLogger<JobTracker>.Instance), TimeProvider.System);
    }

    public void Dispose()
    {
        smtp.Stop();
        http.Dispose();
        fx.Dispose();
    }

    private AlertService Service(Role role) => new(store, fx.Store, evaluator, scheduler, new FixedUser(role, "alice"), TimeProvider.System,
        new MlopsPortal.Infrastructure.Alerts.WebhookTargets(Options.Create(new MlopsPortal.Infrastructure.Alerts.AlertsOptions())));

    private static AlertRequest LabAlert() => new()
    {
        Name = Alert,
        Monitor = "MORTGAGE_MODEL_MONITOR",
        Metric = "F1_SCORE",
        Comparator = "<",
        Threshold = 0.7,
        Start = "2025-02-09",
        End = "2025-02-16",
        Schedule = "0 9 * * *",
        TimeZone = "UTC",
        Recipients = ["manager@example.com"],
    };

    private async Task MonitorReadyAsync()
    {
        await fx.LoadLabAsync(Ct);
        await fx.Service(Role.DataScientist).CreateAsync(MonitoringFixture.LabMonitor(), false, Ct);
        await fx.Refresher.RefreshAsync("MORTGAGE_MODEL_MONITOR", false, null, Ct);
    }

    [Fact]
    public async Task The_lab_F1_drop_alert_emails_through_a_real_smtp_server_and_records_history()
    {
        await MonitorReadyAsync();
        var service = Service(Role.DataScientist);
        var created = await service.CreateAsync(LabAlert(), false, Ct);
        Assert.Equal(AlertState.Suspended, created.State);

        var preview = await service.PreviewAsync(LabAlert(), Ct);
        Assert.StartsWith("would fire now: yes — F1_SCORE", preview);

        var entry = await service.ExecuteAsync(Alert, Ct);
        Assert.True(entry.Fired, entry.Summary);
        Assert.True(entry.Delivered, entry.Delivery);
        Assert.Equal("alice", entry.TriggeredBy);
        Assert.NotEmpty(entry.Breaches);
        Assert.All(entry.Breaches, b => Assert.True(b.Value < 0.7));

        Assert.Equal(1, smtp.ReceivedEmailCount);
        var mail = smtp.ReceivedEmail[0];
        Assert.Equal("manager@example.com", mail.ToAddresses.Single().Address);
        Assert.Contains(Alert, mail.Headers["Subject"]);
        Assert.Contains("F1_SCORE", mail.MessageParts[0].BodyData);

        var history = await Service(Role.Viewer).HistoryAsync(Alert, ct: Ct);
        Assert.Equal(entry.Id, Assert.Single(history).Id);

        // "Execute now" is listed on the Jobs page with what it found.
        var job = Assert.Single(await Jobs.ListAsync(10, AlertEvaluator.JobKind, Ct));
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal("alice", job.CreatedBy);
        Assert.StartsWith("Fired: ", job.Message);
        Assert.Contains(Alert, job.Title);
    }

    [Fact]
    public async Task Scheduled_runs_fire_once_per_breach_and_stop_when_suspended()
    {
        await MonitorReadyAsync();
        var service = Service(Role.DataScientist);
        await service.CreateAsync(LabAlert(), false, Ct);
        var job = new AlertJob(store, evaluator);

        await job.ScheduledAsync(Alert, Ct); // new alerts start suspended: nothing happens
        Assert.Empty(await store.HistoryAsync(Alert, 10, Ct));

        await service.SetStateAsync(Alert, AlertState.Started, Ct);
        Assert.Contains(Alert, scheduler.Scheduled);
        Assert.Equal(5, service.NextFireTimes((await service.GetAsync(Alert, Ct))).Count);
        await job.ScheduledAsync(Alert, Ct);
        await job.ScheduledAsync(Alert, Ct); // same breach: recorded, not resent
        Assert.Equal(1, smtp.ReceivedEmailCount);
        var history = await store.HistoryAsync(Alert, 10, Ct);
        Assert.Equal(2, history.Count);
        Assert.Contains(history, h => h.Delivery!.Contains("already notified"));

        await service.SetStateAsync(Alert, AlertState.Suspended, Ct);
        Assert.DoesNotContain(Alert, scheduler.Scheduled);
        await job.ScheduledAsync(Alert, Ct);
        Assert.Equal(2, (await store.HistoryAsync(Alert, 10, Ct)).Count);
        Assert.Equal(1, smtp.ReceivedEmailCount);
        // Each scheduled evaluation (not the skipped ones) is a row on the Jobs page, by the scheduler.
        var runs = await Jobs.ListAsync(10, AlertEvaluator.JobKind, Ct);
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal("schedule", r.CreatedBy));
    }

    [Fact]
    public async Task A_down_smtp_server_is_retried_and_the_failure_shown_in_history()
    {
        await MonitorReadyAsync();
        await Service(Role.DataScientist).CreateAsync(LabAlert(), false, Ct);
        smtp.Stop();
        var entry = await Service(Role.DataScientist).ExecuteAsync(Alert, Ct);
        Assert.True(entry.Fired);
        Assert.False(entry.Delivered);
        Assert.Equal(2, entry.Attempts);
        Assert.Contains("email failed after 2 attempts", entry.Delivery);
    }

    [Fact]
    public async Task Invalid_input_is_refused_naming_it_and_viewers_cannot_create()
    {
        await MonitorReadyAsync();
        var service = Service(Role.DataScientist);
        var badCron = LabAlert();
        badCron.Schedule = "0 25 * * *";
        Assert.Contains("Invalid cron expression '0 25 * * *'", (await Assert.ThrowsAsync<PortalValidationException>(() => service.CreateAsync(badCron, false, Ct))).Message);
        var badZone = LabAlert();
        badZone.TimeZone = "Mars/Olympus";
        Assert.Contains("Mars/Olympus", (await Assert.ThrowsAsync<PortalValidationException>(() => service.CreateAsync(badZone, false, Ct))).Message);
        var badMetric = LabAlert();
        badMetric.Metric = "F2";
        Assert.Contains("Unknown metric 'F2'", (await Assert.ThrowsAsync<PortalValidationException>(() => service.CreateAsync(badMetric, false, Ct))).Message);
        var noMonitor = LabAlert();
        noMonitor.Monitor = "NOPE";
        Assert.Contains("monitor NOPE does not exist", (await Assert.ThrowsAsync<PortalValidationException>(() => service.CreateAsync(noMonitor, false, Ct))).Message);
        await Assert.ThrowsAsync<PortalForbiddenException>(() => Service(Role.Viewer).CreateAsync(LabAlert(), false, Ct));
        Assert.Empty(await store.ListAsync(Ct));
    }

    [Fact]
    public async Task An_admin_saves_smtp_settings_with_the_password_encrypted_and_sends_a_test_email_others_cannot()
    {
        await MonitorReadyAsync();
        var keys = Directory.CreateTempSubdirectory("mlops-keys-");
        var settings = new SmtpSettingsStore(Options.Create(new SmtpOptions()),
            new ProtectedSettingsStore(fx.Warehouse, DataProtectionProvider.Create(keys)));
        var notifier = new AlertNotifier(settings, http.GetRequiredService<IHttpClientFactory>(), NullLogger<AlertNotifier>.Instance);
        SmtpAdminService As(Role role) => new(settings, notifier, new FixedUser(role, "root"));
        var input = new SmtpSettingsInput("127.0.0.1", smtp.Configuration.Port, "portal@example.com", "mailer", "s3cret-pass-42", UseSsl: false);

        await Assert.ThrowsAsync<PortalForbiddenException>(() => As(Role.DataScientist).SaveAsync(input, Ct));
        var badPort = await Assert.ThrowsAsync<PortalValidationException>(() => As(Role.Admin).SaveAsync(input with { Port = 70000 }, Ct));
        Assert.Contains("70000", badPort.Message);
        Assert.False((await As(Role.Admin).GetAsync(Ct)).EnteredInPortal);

        var view = await As(Role.Admin).SaveAsync(input, Ct);
        Assert.True(view.EnteredInPortal);
        Assert.True(view.HasPassword);
        Assert.Equal(smtp.Configuration.Port, view.Port);
        var raw = await fx.Warehouse.QueryAsync<string>("SELECT VALUE FROM PORTAL_SETTINGS WHERE SECTION = 'Smtp' AND NAME = 'Password'", ct: Ct);
        Assert.DoesNotContain("s3cret-pass-42", raw.Single());
        Assert.Equal("s3cret-pass-42", (await settings.GetAsync(Ct)).Password);

        // A null password keeps the stored one; netDumbster accepts any credentials.
        await As(Role.Admin).SaveAsync(input with { Password = null, UserName = null }, Ct);
        Assert.Equal("s3cret-pass-42", (await settings.GetAsync(Ct)).Password);
        await As(Role.Admin).SendTestAsync("ops@example.com", Ct);
        Assert.Equal(1, smtp.ReceivedEmailCount);
        await Assert.ThrowsAsync<PortalForbiddenException>(() => As(Role.DataScientist).SendTestAsync("ops@example.com", Ct));
        Assert.Contains("not-an-address", (await Assert.ThrowsAsync<PortalValidationException>(() => As(Role.Admin).SendTestAsync("not-an-address", Ct))).Message);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
