using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Security;

namespace MlopsPortal.Infrastructure.Tests.Registry;

public sealed class AuditRollbackTests : IAsyncLifetime
{
    private readonly RegistryBed _bed = new();
    private const string M = RegistryBed.Model;

    public async ValueTask InitializeAsync()
    {
        await _bed.InitializeAsync();
        await _bed.SeedAsync("V1", "V2");
    }

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    private RegistryService S => _bed.Service;

    [Fact]
    public async Task Lab_promotion_then_rollback_moves_production_back_to_v1()
    {
        await S.SetAliasAsync(M, "PRODUCTION", "V1", "V1 migrated from SageMaker");
        await S.SetAliasAsync(M, "DECOMMISSIONED", "V1", "V2 replaces it");   // displaces PRODUCTION from V1
        var promote = await S.SetAliasAsync(M, "PRODUCTION", "V2", "V2 retrained on new data");
        Assert.Equal((null, "V2"), (promote.From, promote.To));
        Assert.Equal("V2", (await S.GetModelAsync(M)).Aliases["PRODUCTION"]);

        var rollback = await S.RollbackAsync(M, promote.Audit.Seq, "V2 misbehaves");
        Assert.Null(rollback.To); // PRODUCTION had no holder before the promotion: rollback unsets it

        await S.SetAliasAsync(M, "PRODUCTION", "V2", "again");
        var move = await S.SetAliasAsync(M, "PRODUCTION", "V1", "hmm");
        var back = await S.RollbackAsync(M, move.Audit.Seq, null);
        Assert.Equal(("V1", "V2", AuditActions.Rollback), (back.From, back.To, back.Audit.Action));
        Assert.Equal($"rollback of #{move.Audit.Seq}", back.Audit.Reason);

        var again = await S.RollbackAsync(M, back.Audit.Seq);
        Assert.Equal("V1", again.To);
        Assert.Equal("V1", (await S.GetModelAsync(M)).Aliases["PRODUCTION"]);
    }

    [Fact]
    public async Task Audit_is_append_only_and_tells_who_when_what_from_to_why()
    {
        _bed.User.Act("root", Role.Admin);
        var t0 = DateTime.UtcNow.AddSeconds(-5);
        await S.SetAliasAsync(M, "PRODUCTION", "V1", "first");
        _bed.User.Act("dana", Role.DataScientist);
        await S.SetAliasAsync(M, "STAGING", "V2", "try");
        await S.UpdateModelAsync(M, "edited comment", null);

        var audit = await S.GetAuditAsync(M);
        Assert.Equal(Enumerable.Range(1, audit.Count).Select(i => (long)i), audit.Select(e => e.Seq));
        Assert.Equal([AuditActions.ImportVersion, AuditActions.ImportVersion, AuditActions.SetAlias, AuditActions.SetAlias, AuditActions.UpdateModel],
            audit.Select(e => e.Action));
        var set = audit[2];
        Assert.Equal(("root", "PRODUCTION", null, "V1", "first"), (set.User, set.Alias, set.From, set.To, set.Reason));
        Assert.InRange(set.At, t0, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal("changed comment", audit[4].Reason);
        Assert.Equal("edited comment", (await S.GetModelAsync(M)).Comment);
    }

    [Fact]
    public async Task Rollback_of_production_needs_admin_and_of_non_alias_entries_is_refused()
    {
        var set = await S.SetAliasAsync(M, "PRODUCTION", "V1", null);
        _bed.User.Act("dana", Role.DataScientist);
        await Assert.ThrowsAsync<PortalForbiddenException>(() => S.RollbackAsync(M, set.Audit.Seq));
        var e = await Assert.ThrowsAsync<PortalValidationException>(() => S.RollbackAsync(M, 1));
        Assert.Contains("not an alias change", e.Message);
        await Assert.ThrowsAsync<PortalNotFoundException>(() => S.RollbackAsync(M, 999));
    }
}
