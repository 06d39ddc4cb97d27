namespace MlopsPortal.Web.Auth;

/// <summary>What the first-admin bootstrap did, for the start-up banner: the admin's name and where its password came from.</summary>
public sealed class FirstAdminReport
{
    public string User { get; private set; } = "admin";

    public string PasswordSource { get; private set; } = "unknown";

    public void Created(string user, bool fromEnvironment) => (User, PasswordSource) = (user, fromEnvironment
        ? "MLOPS_ADMIN_PASSWORD"
        : "generated on this first start and printed above, only this once");

    public void Existing(string user) => (User, PasswordSource) = (user,
        "the one set when this data directory's portal first started (MLOPS_ADMIN_PASSWORD or the generated one printed then); changed since only through the portal");
}
