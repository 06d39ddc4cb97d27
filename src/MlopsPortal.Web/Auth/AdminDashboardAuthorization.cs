using Hangfire.Dashboard;
using MlopsPortal.Core.Security;

namespace MlopsPortal.Web.Auth;

/// <summary>Hangfire's dashboard is for admins only.</summary>
public sealed class AdminDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) =>
        PortalClaims.ToPortal(context.GetHttpContext().User)?.IsAtLeast(Role.Admin) == true;
}
