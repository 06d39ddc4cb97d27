using MlopsPortal.Core.Security;

namespace MlopsPortal.Infrastructure.Auth;

public sealed record PortalUser(string UserName, Role Role, DateTime CreatedAt);
