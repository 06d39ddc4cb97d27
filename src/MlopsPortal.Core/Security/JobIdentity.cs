namespace MlopsPortal.Core.Security;

/// <summary>
/// Background jobs act for the user who started them: the job sets this around its work and the current-user
/// service reads it first, so role checks in services hold inside jobs too.
/// </summary>
public static class JobIdentity
{
    private static readonly AsyncLocal<PortalPrincipal?> Ambient = new();

    public static PortalPrincipal? Current => Ambient.Value;

    public static IDisposable ActAs(PortalPrincipal principal)
    {
        var previous = Ambient.Value;
        Ambient.Value = principal;
        return new Restore(previous);
    }

    private sealed class Restore(PortalPrincipal? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
