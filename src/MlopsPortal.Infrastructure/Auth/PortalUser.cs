using MlopsPortal.Core.Security;

namespace MlopsPortal.Infrastructure.Auth;

/// <param name="Stamp">The security stamp a session carries; it changes when the password changes or the account is disabled.</param>
public sealed record PortalUser(string UserName, Role Role, DateTime CreatedAt, bool Disabled = false, string Stamp = "");
