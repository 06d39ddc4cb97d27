using MlopsPortal.Core.Security;

namespace MlopsPortal.Infrastructure.Tests;

/// <summary>Stands in for the signed-in caller that the web layer provides; the services under test are real.</summary>
public sealed class TestCaller(string name, Role role) : ICurrentUser
{
    public PortalPrincipal? Principal { get; set; } = new(name, role);

    public ValueTask<PortalPrincipal?> GetAsync() => ValueTask.FromResult(Principal);

    public static TestCaller Admin => new("ada", Role.Admin);
    public static TestCaller DataScientist => new("dan", Role.DataScientist);
    public static TestCaller Viewer => new("vic", Role.Viewer);
}
