using System.Collections.Concurrent;

namespace MlopsPortal.Infrastructure.Auth;

/// <summary>
/// Slows password guessing: after 5 failures for one user name (from anywhere) sign-in is refused
/// for a lock-out that doubles with each further failure, up to 15 minutes. A success clears it.
/// </summary>
public sealed class LoginThrottle(TimeProvider clock)
{
    private const int FreeAttempts = 5;
    private static readonly TimeSpan FirstLockout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxLockout = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset LockedUntil)> _state = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long the caller must still wait; zero when sign-in may be tried.</summary>
    public TimeSpan RetryAfter(string userName)
    {
        if (!_state.TryGetValue(userName, out var s)) return TimeSpan.Zero;
        var left = s.LockedUntil - clock.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    public void Failed(string userName) =>
        _state.AddOrUpdate(userName,
            _ => (1, DateTimeOffset.MinValue),
            (_, s) =>
            {
                var failures = s.Failures + 1;
                if (failures < FreeAttempts) return (failures, s.LockedUntil);
                var factor = Math.Pow(2, Math.Min(failures - FreeAttempts, 10));
                var lockout = TimeSpan.FromTicks((long)Math.Min(FirstLockout.Ticks * factor, MaxLockout.Ticks));
                return (failures, clock.GetUtcNow() + lockout);
            });

    public void Succeeded(string userName) => _state.TryRemove(userName, out _);
}
