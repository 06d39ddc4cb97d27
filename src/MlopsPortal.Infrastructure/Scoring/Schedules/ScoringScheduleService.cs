using Hangfire;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Alerts;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Scoring.Schedules;

/// <summary>
/// Recurring scoring runs on Hangfire ("scoring-schedule:NAME"), with Cronos crons in a time zone.
/// Pausing removes the recurring job; resuming puts it back, so a paused schedule never fires.
/// </summary>
public sealed class ScoringScheduleService(
    ScoringScheduleStore store, ScoringService scoring, IRecurringJobManager recurring, ICurrentUser currentUser)
{
    public static string RecurringId(string schedule) => "scoring-schedule:" + schedule;

    public sealed record CreateRequest(string Name, string Cron, string? TimeZone, ScoringRunSpec Spec, bool Paused = false);

    /// <summary>Checks the name, cron, time zone and the run spec; nothing is stored when any of them is wrong.</summary>
    public async Task<ScoringSchedule> CreateAsync(CreateRequest request, CancellationToken ct = default)
    {
        var owner = await currentUser.RequireAsync(Role.DataScientist, "schedule scoring runs");
        var name = ValidName(request.Name);
        var zone = string.IsNullOrWhiteSpace(request.TimeZone) ? "UTC" : request.TimeZone.Trim();
        ValidCron(request.Cron, zone);
        if (await store.GetAsync(name, ct) is not null)
            throw new PortalValidationException($"A scoring schedule named {name} already exists; pick another name or delete it first.");
        await scoring.ValidateAsync(request.Spec, ct);

        var schedule = new ScoringSchedule(name, request.Cron.Trim(), zone, request.Spec, request.Paused, owner, DateTime.UtcNow, null, null);
        await store.CreateAsync(schedule, ct);
        if (!schedule.Paused) Register(schedule);
        return schedule;
    }

    public async Task<IReadOnlyList<ScoringSchedule>> ListAsync(CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "see scoring schedules");
        return await store.ListAsync(ct);
    }

    public async Task<ScoringSchedule> GetAsync(string name, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.Viewer, "see scoring schedules");
        return await store.GetAsync(name, ct) ?? throw new PortalNotFoundException($"There is no scoring schedule named {name}.");
    }

    public async Task<ScoringSchedule> PauseAsync(string name, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.DataScientist, "pause scoring schedules");
        var schedule = await GetAsync(name, ct);
        await store.SetPausedAsync(schedule.Name, true, ct);
        recurring.RemoveIfExists(RecurringId(schedule.Name));
        return schedule with { Paused = true };
    }

    public async Task<ScoringSchedule> ResumeAsync(string name, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.DataScientist, "resume scoring schedules");
        var schedule = await GetAsync(name, ct) with { Paused = false };
        await store.SetPausedAsync(schedule.Name, false, ct);
        Register(schedule);
        return schedule;
    }

    public async Task DeleteAsync(string name, CancellationToken ct = default)
    {
        await currentUser.RequireAsync(Role.DataScientist, "delete scoring schedules");
        var schedule = await GetAsync(name, ct);
        recurring.RemoveIfExists(RecurringId(schedule.Name));
        await store.DeleteAsync(schedule.Name, ct);
    }

    /// <summary>Next firings for a cron being typed: throws naming the expression or time zone when invalid.</summary>
    public static IReadOnlyList<DateTime> Preview(string cron, string? timeZone, int count = 5)
    {
        var zone = string.IsNullOrWhiteSpace(timeZone) ? "UTC" : timeZone.Trim();
        ValidCron(cron, zone);
        return CronSchedule.NextOccurrences(cron.Trim(), DateTime.UtcNow, count, zone);
    }

    private void Register(ScoringSchedule s) =>
        recurring.AddOrUpdate<ScheduledScoringJob>(RecurringId(s.Name), job => job.FireAsync(s.Name, CancellationToken.None), s.Cron,
            new RecurringJobOptions { TimeZone = CronSchedule.ResolveTimeZone(s.TimeZone) });

    private static string ValidName(string? name)
    {
        var trimmed = name?.Trim().ToUpperInvariant() ?? "";
        try
        {
            return Identifier.Validate(trimmed);
        }
        catch (InvalidIdentifierException ex)
        {
            throw new PortalValidationException($"The schedule name is not valid: {ex.Message}");
        }
    }

    private static void ValidCron(string? cron, string zone)
    {
        if (CronSchedule.Validate(cron ?? "") is { } error)
            throw new PortalValidationException(error);
        try
        {
            CronSchedule.ResolveTimeZone(zone);
        }
        catch (ArgumentException ex)
        {
            throw new PortalValidationException(ex.Message.Split(" (Parameter")[0]);
        }
    }
}
