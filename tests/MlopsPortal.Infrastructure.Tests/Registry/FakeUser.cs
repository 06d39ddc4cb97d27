using MlopsPortal.Core.Security;

namespace MlopsPortal.Infrastructure.Tests.Registry;

/// <summary>A test double for the caller's identity; switch <see cref="Principal"/> to act as someone else.</summary>
public sealed class FakeUser(string name = "alice", Role role = Role.Admin) : ICurrentUser
{
    public PortalPrincipal? Principal { get; set; } = new(name, role);

    public ValueTask<PortalPrincipal?> GetAsync() => ValueTask.FromResult(Principal);

    public void Act(string name, Role role) => Principal = new PortalPrincipal(name, role);
}
