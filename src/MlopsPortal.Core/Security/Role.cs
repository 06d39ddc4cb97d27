namespace MlopsPortal.Core.Security;

/// <summary>Roles are ordered: each one can do everything the ones before it can.</summary>
public enum Role
{
    Viewer = 0,
    DataScientist = 1,
    Admin = 2,
}

public static class Roles
{
    public const string Viewer = nameof(Role.Viewer);
    public const string DataScientist = nameof(Role.DataScientist);
    public const string Admin = nameof(Role.Admin);

    public static bool TryParse(string? value, out Role role) =>
        Enum.TryParse(value, ignoreCase: true, out role) && Enum.IsDefined(role);
}
