using MlopsPortal.Core.Alerts.Contracts;
using MlopsPortal.Core.Security.Contracts;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Security;
using MlopsPortal.Infrastructure.Alerts;
using MlopsPortal.Infrastructure.Auth;
using MlopsPortal.Infrastructure.Registry;

namespace MlopsPortal.Web.Api;

public static class AdminEndpoints
{

    /// <summary>User management. UserService enforces the Admin role itself; the API only carries it.</summary>
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/admin/users").RequireAuthorization().WithTags("Admin");

        users.MapGet("", async (UserService service, CancellationToken ct) =>
            (await service.ListAsync(ct)).Select(u => new UserDto(u.UserName, u.Role.ToString(), u.CreatedAt, u.Disabled)).ToList());

        users.MapPost("", async (NewUserRequest request, UserService service, CancellationToken ct) =>
        {
            await service.CreateAsync(request.Username, request.Password, ParseRole(request.Role), ct);
            return Results.Created($"/api/admin/users/{request.Username}", new { request.Username, request.Role });
        });

        users.MapPut("/{username}/role", async (string username, RoleRequest request, UserService service, CancellationToken ct) =>
        {
            await service.SetRoleAsync(username, ParseRole(request.Role), ct);
            return Results.NoContent();
        });

        users.MapPut("/{username}/disabled", async (string username, DisabledRequest request, UserService service, CancellationToken ct) =>
        {
            await service.SetDisabledAsync(username, request.Disabled, ct);
            return Results.NoContent();
        });

        users.MapPut("/{username}/password", async (string username, PasswordResetRequest request, UserService service, CancellationToken ct) =>
        {
            await service.ResetPasswordAsync(username, request.Password, ct);
            return Results.NoContent();
        });

        var smtp = app.MapGroup("/api/admin/smtp").RequireAuthorization().WithTags("Admin");
        smtp.MapGet("", (SmtpAdminService service, CancellationToken ct) => service.GetAsync(ct));
        smtp.MapPut("", (SmtpSettingsInput input, SmtpAdminService service, CancellationToken ct) => service.SaveAsync(input, ct));
        smtp.MapPost("/test", async (SmtpTestRequest request, SmtpAdminService service, CancellationToken ct) =>
        {
            await service.SendTestAsync(request.Recipient ?? "", ct);
            return Results.Ok(new { sent = true });
        });

        var s3 = app.MapGroup("/api/admin/s3").RequireAuthorization().WithTags("Admin");
        s3.MapGet("", (S3AdminService service, CancellationToken ct) => service.GetAsync(ct));
        s3.MapPut("", (S3SettingsInput input, S3AdminService service, CancellationToken ct) => service.SaveAsync(input, ct));

        return app;
    }

    private static Role ParseRole(string? value) =>
        Roles.TryParse(value, out var role)
            ? role
            : throw new PortalValidationException($"'{value}' is not a role; use Viewer, DataScientist or Admin.");
}
