using MlopsPortal.Core.Alerts.Contracts;
using MlopsPortal.Core.Alerts;
using MlopsPortal.Infrastructure.Alerts;

namespace MlopsPortal.Web.Api;

/// <summary>/api/alerts: create (suspended), edit (PUT), delete, resume/suspend, execute now, history, preview.</summary>
public static class AlertEndpoints
{

    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/api/alerts").RequireAuthorization().WithTags("Alerts");
        alerts.MapPost("", async (AlertRequest request, bool? replace, AlertService service, CancellationToken ct) =>
        {
            var created = await service.CreateAsync(request, replace ?? false, ct);
            return Results.Created($"/api/alerts/{created.Name}", ToDto(created, service));
        });
        alerts.MapGet("", async (AlertService service, CancellationToken ct) => (await service.ListAsync(ct)).Select(a => ToDto(a, service)).ToList());
        alerts.MapGet("/{name}", async (string name, AlertService service, CancellationToken ct) => ToDto(await service.GetAsync(name, ct), service));
        alerts.MapPut("/{name}", async (string name, AlertRequest request, AlertService service, CancellationToken ct) =>
            ToDto(await service.UpdateAsync(name, request, ct), service));
        alerts.MapDelete("/{name}", async (string name, AlertService service, CancellationToken ct) =>
        {
            await service.DeleteAsync(name, ct);
            return Results.NoContent();
        });
        alerts.MapPost("/{name}/resume", async (string name, AlertService service, CancellationToken ct) =>
            ToDto(await service.SetStateAsync(name, AlertState.Started, ct), service));
        alerts.MapPost("/{name}/suspend", async (string name, AlertService service, CancellationToken ct) =>
            ToDto(await service.SetStateAsync(name, AlertState.Suspended, ct), service));
        alerts.MapPost("/{name}/execute", async (string name, AlertService service, CancellationToken ct) => await service.ExecuteAsync(name, ct));
        alerts.MapGet("/{name}/history", async (string name, int? limit, AlertService service, CancellationToken ct) =>
            await service.HistoryAsync(name, limit ?? 100, ct));
        alerts.MapPost("/smtp-test", async (SmtpTestRequest request, SmtpAdminService smtp, CancellationToken ct) =>
        {
            await smtp.SendTestAsync(request.Recipient ?? "", ct);
            return Results.Ok(new { sent = true });
        });
        alerts.MapPost("/preview", async (AlertRequest request, AlertService service, CancellationToken ct) =>
            new { preview = await service.PreviewAsync(request, ct) });
        return app;
    }

    private static AlertDto ToDto(AlertInfo a, AlertService service) =>
        new(a.Spec, a.Name, a.State.ToString(), a.CreatedAt, a.CreatedBy, service.NextFireTimes(a));
}
