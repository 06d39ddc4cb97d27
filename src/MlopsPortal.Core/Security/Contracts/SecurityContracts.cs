namespace MlopsPortal.Core.Security.Contracts;

// The REST API's JSON shapes of this feature (docs/api.md): the endpoints bind and answer them, the CLI's typed client
// sends and reads them.

public sealed record UserDto(string Username, string Role, DateTime CreatedAt, bool Disabled);

public sealed record DisabledRequest(bool Disabled);

public sealed record PasswordResetRequest(string Password);

public sealed record NewUserRequest(string Username, string Password, string Role);

public sealed record RoleRequest(string Role);

public sealed record TokenRequest(string Username, string Password);

public sealed record TokenResponse(string Token);

public sealed record PasswordChange(string CurrentPassword, string NewPassword);
