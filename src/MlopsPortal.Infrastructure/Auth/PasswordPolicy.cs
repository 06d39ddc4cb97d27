namespace MlopsPortal.Infrastructure.Auth;

/// <summary>
/// What a password must be, for every account including the first admin: 8 to 256 characters, not the user name
/// and not one of the placeholders people paste from examples ("change-me", "password", …).
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 8;
    public const int MaxLength = 256;

    private static readonly HashSet<string> Placeholders = new(StringComparer.OrdinalIgnoreCase)
    {
        "change-me", "changeme", "change_me", "password", "password1", "password123", "passw0rd", "12345678",
        "123456789", "1234567890", "qwertyui", "qwerty123", "letmein1", "admin123", "administrator", "welcome1",
    };

    /// <summary>Why <paramref name="password"/> is refused for <paramref name="userName"/>, or null when it is fine.</summary>
    public static string? Problem(string userName, string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
            return $"The password must have at least {MinLength} characters.";
        if (password.Length > MaxLength)
            return $"The password must have at most {MaxLength} characters.";
        if (string.Equals(password, userName, StringComparison.OrdinalIgnoreCase))
            return "The password must not be the user name.";
        if (Placeholders.Contains(password))
            return "The password is a well-known placeholder (e.g. 'change-me'); choose another.";
        return null;
    }

    public static void Require(string userName, string? password)
    {
        if (Problem(userName, password) is { } problem)
            throw new Core.Common.PortalValidationException(problem);
    }
}
