using System.ComponentModel.DataAnnotations;

namespace MlopsPortal.Infrastructure.Auth;

/// <summary>Section <c>Auth</c>: how quickly a changed role, a new password or a disabled account reaches open sessions.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Seconds an account's state is cached per instance before it is read again (0 = every request).</summary>
    [Range(0, 3600)]
    public double StampCacheSeconds { get; set; } = 10;

    /// <summary>Seconds between checks of an open Blazor circuit's user.</summary>
    [Range(1, 60)]
    public double RevalidationSeconds { get; set; } = 30;
}
