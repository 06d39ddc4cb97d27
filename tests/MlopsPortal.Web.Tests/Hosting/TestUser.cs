using MlopsPortal.Core.Security;

namespace MlopsPortal.Web.Tests.Hosting;

/// <summary>The signed-in user of a component test; <see cref="Principal"/> can change mid-test (null = signed out).</summary>
public sealed class TestUser(string name, Role role) : ICurrentUser
{
    public PortalPrincipal? Principal { get; set; } = new(name, role);

    public ValueTask<PortalPrincipal?> GetAsync() => ValueTask.FromResult(Principal);

    public static TestUser Scientist() => new("dana", Role.DataScientist);
}
