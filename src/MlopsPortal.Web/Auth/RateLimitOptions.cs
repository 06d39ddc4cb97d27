using System.ComponentModel.DataAnnotations;

namespace MlopsPortal.Web.Auth;

/// <summary>Section <c>RateLimits</c>: sign-in attempts allowed per minute (see <see cref="SignInLimits"/>).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    [Range(1, 100_000)]
    public int SignInPerAddressPerMinute { get; set; } = 20;

    [Range(1, 100_000)]
    public int SignInPerUserPerMinute { get; set; } = 10;
}
