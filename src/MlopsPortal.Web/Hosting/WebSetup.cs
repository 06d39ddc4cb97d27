using System.Text.Json.Serialization;
using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;
using MlopsPortal.Infrastructure.Jobs;
using MlopsPortal.Infrastructure.Warehouse;
using MlopsPortal.Web.Api;
using MlopsPortal.Web.Auth;
using MlopsPortal.Web.Components;
using MudBlazor.Services;
using Scalar.AspNetCore;
using Serilog;

namespace MlopsPortal.Web.Hosting;

public static class WebSetup
{
    /// <summary>Blazor Server with MudBlazor, the REST API's plumbing (problem details, OpenAPI) and health checks.</summary>
    public static IHostApplicationBuilder AddPortalWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddScoped<Components.Pages.Overview.ModelHealthReader>();
        builder.Services.AddScoped<Components.Live.JobWatcher>();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<PortalExceptionHandler>();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        // A body that does not bind throws (in every environment), so PortalExceptionHandler names the field and type.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddHealthChecks()
            .AddCheck<WarehouseHealthCheck>("warehouse")
            .AddCheck<JobStorageHealthCheck>("jobs");
        builder.Services.AddHostedService<StartupBanner>();
        return builder;
    }

    public static WebApplication UsePortal(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSerilogRequestLogging();
        app.UsePortalAssets();
        app.UseAuthentication();
        app.UseSessionRevalidation();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapOpenApi("/api/openapi/{documentName}.json");
        app.MapScalarApiReference("/api/docs", options => options.WithOpenApiRoutePattern("/api/openapi/{documentName}.json"));
        app.MapHealthChecks("/health", new() { ResponseWriter = HealthResponse.WriteAsync }).AllowAnonymous();
        app.MapHangfireDashboard("/jobs/hangfire", new DashboardOptions
        {
            Authorization = [new AdminDashboardAuthorization()],
            AppPath = "/jobs",
            DashboardTitle = "MlopsPortal jobs",
        });
        app.MapAccountEndpoints();
        // Every API endpoint is mapped inside this group, whose filter refuses the portal's own tables wherever a
        // request names a table (UserTableGuard): a new endpoint mapped here needs nothing more.
        var api = app.MapGroup("").RefusePortalTables();
        api.MapTableEndpoints();
        api.MapAdminEndpoints();
        api.MapLabEndpoints();
        api.MapJobEndpoints();
        api.MapScoringEndpoints();
        api.MapModelEndpoints();
        api.MapMonitoringEndpoints();
        api.MapAlertEndpoints();
        api.MapFeatureStoreEndpoints();
        api.MapSnowflakeNativeEndpoints();
        api.MapRetrainingEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>
    /// The repository's top-level wwwroot/ is copied beside the binaries as portal-assets/ and served from there:
    /// MapStaticAssets does not serve linked content (docs/architecture.md, limits).
    /// </summary>
    private static void UsePortalAssets(this WebApplication app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "portal-assets");
        Directory.CreateDirectory(root);
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(root) });
    }
}
