using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Auth;

/// <summary>What a signed-in session must still match: the account's role, security stamp and whether it is disabled.</summary>
public sealed record UserSessionState(string UserName, Role Role, string Stamp, bool Disabled);

/// <summary>
/// Looks up the state every cookie, token and circuit is checked against, cached for <c>Auth:StampCacheSeconds</c>
/// (default 10) so each request does not read PORTAL_USERS. Changes made by this instance forget the entry at once;
/// another instance sees them when its cache entry expires.
/// </summary>
public sealed class UserSessions(IWarehouse warehouse, TimeProvider clock, IOptions<AuthOptions> options)
{
    private readonly ConcurrentDictionary<string, (UserSessionState? State, DateTimeOffset At)> _cache = new(StringComparer.OrdinalIgnoreCase);

    private TimeSpan CacheFor => TimeSpan.FromSeconds(options.Value.StampCacheSeconds);

    /// <summary>The account's current state; null when it no longer exists.</summary>
    public async Task<UserSessionState?> GetAsync(string userName, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(userName, out var hit) && now - hit.At < CacheFor)
            return hit.State;
        var rows = await warehouse.QueryAsync<Row>(
            "SELECT USERNAME, ROLE, SECURITY_STAMP, DISABLED FROM PORTAL_USERS WHERE lower(USERNAME) = lower($name)",
            new { name = userName }, ct);
        var state = rows.Count == 0 ? null : rows[0].ToState();
        _cache[userName] = (state, now);
        return state;
    }

    public void Forget(string userName) => _cache.TryRemove(userName, out _);

    /// <summary>The stamp of an account created before stamps existed (NULL column): still a stable value.</summary>
    public const string NoStamp = "";

    private sealed class Row
    {
        public string USERNAME { get; set; } = "";
        public string ROLE { get; set; } = "";
        public string? SECURITY_STAMP { get; set; }
        public bool? DISABLED { get; set; }

        public UserSessionState ToState() =>
            new(USERNAME, Roles.TryParse(ROLE, out var r) ? r : Role.Viewer, SECURITY_STAMP ?? NoStamp, DISABLED == true);
    }
}
