using MlopsPortal.Core.Common;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Web.Api;

/// <summary>
/// Applies <see cref="UserTables"/> to every API endpoint before its handler runs: route and query values, JSON bodies
/// (nested records and lists included) and multipart form fields that name a table are checked, and a portal table
/// (PORTAL_USERS, PORTAL_SETTINGS, …) is refused with a 400 naming the field and the rule. Added once on the group
/// that holds every /api endpoint (<see cref="Hosting.WebSetup"/>), so a new endpoint is guarded without doing anything.
/// </summary>
public static class UserTableGuard
{
    public static TBuilder RefusePortalTables<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var services = factory.ApplicationServices.GetService<IServiceProviderIsService>();
            // Services injected into a handler are not user input: only the other arguments are inspected.
            var inspected = factory.MethodInfo.GetParameters()
                .Select(p => services?.IsService(p.ParameterType) == true ? null : p.Name)
                .ToArray();
            return async context =>
            {
                for (var i = 0; i < context.Arguments.Count && i < inspected.Length; i++)
                {
                    if (inspected[i] is not { } name)
                        continue;
                    foreach (var (field, table) in UserTables.Violations(context.Arguments[i], name))
                        throw new PortalValidationException(UserTables.RefusalMessage(field, table));
                }
                await RefuseInFormAsync(context.HttpContext.Request);
                return await next(context);
            };
        });

    /// <summary>Handlers that read a multipart form themselves (model import's <c>table</c>) are covered here.</summary>
    private static async Task RefuseInFormAsync(HttpRequest request)
    {
        foreach (var (key, value) in request.Query)
            if (UserTables.IsTableField(key) && UserTables.IsReserved(value.ToString()))
                throw new PortalValidationException(UserTables.RefusalMessage(key, value.ToString()));
        if (!request.HasFormContentType)
            return;
        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        foreach (var (key, value) in form)
            if (UserTables.IsTableField(key) && UserTables.IsReserved(value.ToString()))
                throw new PortalValidationException(UserTables.RefusalMessage(key, value.ToString()));
    }
}
