using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace MlopsPortal.Web.Auth;

/// <summary>
/// Sign-in rate limits (the login form post and <c>/api/auth/token</c>), on top of the per-user lock-out after failures:
/// <c>RateLimits:SignInPerAddressPerMinute</c> (default 20) per client address through ASP.NET Core's rate limiting
/// middleware, and <c>RateLimits:SignInPerUserPerMinute</c> (default 10) per user name, checked by the endpoints (the name
/// is in the body, which a partitioner cannot read). Both answer 429 with Retry-After and a problem detail.
/// </summary>
public sealed class SignInLimits : IDisposable
{
    public const string Policy = "sign-in";

    private readonly PartitionedRateLimiter<string> _perUser;

    public SignInLimits(IOptions<RateLimitOptions> options)
    {
        var perUser = options.Value.SignInPerUserPerMinute;
        _perUser = PartitionedRateLimiter.Create<string, string>(name => RateLimitPartition.GetFixedWindowLimiter(
            name.ToLowerInvariant(), _ => new FixedWindowRateLimiterOptions { PermitLimit = perUser, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    /// <summary>Zero when another attempt for <paramref name="userName"/> may be made now; else how long to wait.</summary>
    public TimeSpan TryAcquireForUser(string userName)
    {
        using var lease = _perUser.AttemptAcquire(userName);
        if (lease.IsAcquired) return TimeSpan.Zero;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) && retry > TimeSpan.Zero ? retry : TimeSpan.FromMinutes(1);
    }

    public void Dispose() => _perUser.Dispose();

    public static IServiceCollection AddSignInLimits(IServiceCollection services, RateLimitOptions limits)
    {
        var perAddress = limits.SignInPerAddressPerMinute;
        services.AddSingleton<SignInLimits>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perAddress, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.OnRejected = (context, ct) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(1);
                return TooManyAsync(context.HttpContext, wait,
                    $"Too many sign-in attempts from this address (RateLimits:SignInPerAddressPerMinute = {perAddress}); try again in {Seconds(wait)} s.");
            };
        });
        return services;
    }

    /// <summary>Writes 429 with Retry-After and a problem detail.</summary>
    public static async ValueTask TooManyAsync(HttpContext http, TimeSpan wait, string detail)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = Seconds(wait).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Results.Problem(title: "Too many attempts", detail: detail, statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(http);
    }

    /// <summary>The per-user refusal as an endpoint result.</summary>
    public static IResult TooMany(TimeSpan wait, string detail) => new TooManyResult(wait, detail);

    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    private sealed class TooManyResult(TimeSpan wait, string detail) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => TooManyAsync(httpContext, wait, detail).AsTask();
    }
}
