using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;

namespace MlopsPortal.Infrastructure.Tests.Registry;

public sealed class AliasTests : IAsyncLifetime
{
    private readonly RegistryBed _bed = new();
    private const string M = RegistryBed.Model;

    public async ValueTask InitializeAsync()
    {
        await _bed.InitializeAsync();
        await _bed.SeedAsync("V1", "V2", "V3");
    }

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    private RegistryService S => _bed.Service;

    [Fact]
    public async Task Set_move_and_unset_with_from_and_to()
    {
        var set = await S.SetAliasAsync(M, "production", "v1", "first release");
        Assert.Equal((null, "V1", AuditActions.SetAlias), (set.From, set.To, set.Audit.Action));

        var move = await S.SetAliasAsync(M, "PRODUCTION", "V2", "better f1");
        Assert.Equal(("V1", "V2", AuditActions.MoveAlias), (move.From, move.To, move.Audit.Action));
        Assert.Equal("V2", (await S.GetModelAsync(M)).Aliases["PRODUCTION"]);
        Assert.Equal("V2", (await S.GetVersionAsync(M, "production")).Name);

        var unset = await S.UnsetAliasAsync(M, "PRODUCTION", "retired");
        Assert.Equal(("V2", (string?)null), (unset.From, unset.To));
        Assert.False((await S.GetModelAsync(M)).Aliases.ContainsKey("PRODUCTION"));
    }

    [Fact]
    public async Task System_aliases_resolve_on_read()
    {
        var model = await S.GetModelAsync(M);
        Assert.Equal(("V1", "V1", "V3"), (model.Aliases["DEFAULT"], model.Aliases["FIRST"], model.Aliases["LAST"]));
        Assert.Equal("V3", (await S.GetVersionAsync(M, "LAST")).Name);
        var v1 = await S.GetVersionAsync(M, "V1");
        Assert.Equal(["DEFAULT", "FIRST"], v1.Aliases);
        Assert.Null(v1.UserAlias);
    }

    [Fact]
    public async Task A_version_carries_one_user_alias_so_setting_another_displaces_it()
    {
        await S.SetAliasAsync(M, "DECOMMISSIONED", "V1", "old");
        var change = await S.SetAliasAsync(M, "CHAMPION", "V1", "back in favour");
        Assert.Equal("DECOMMISSIONED", change.Displaced);
        var v1 = await S.GetVersionAsync(M, "V1");
        Assert.Equal("CHAMPION", v1.UserAlias);
        var audit = await S.GetAuditAsync(M);
        Assert.Contains(audit, e => e.Action == AuditActions.UnsetAlias && e.Alias == "DECOMMISSIONED" && e.From == "V1" && e.Reason!.Contains("displaced by CHAMPION"));
    }

    [Fact]
    public async Task An_alias_names_one_version_within_its_model()
    {
        await S.SetAliasAsync(M, "STAGING", "V1", null);
        await S.SetAliasAsync(M, "STAGING", "V3", null);
        Assert.Equal(1, await _bed.CountAsync(RegistrySchema.Aliases, "ALIAS_NAME = 'STAGING'"));
        Assert.Null((await S.GetVersionAsync(M, "V1")).UserAlias);
        Assert.Equal("STAGING", (await S.GetVersionAsync(M, "V3")).UserAlias);
    }

    [Theory]
    [InlineData("LAST", "system alias")]
    [InlineData("default", "system alias")]
    [InlineData("my alias", "not a valid alias name")]
    [InlineData("9LIVES", "not a valid alias name")]
    public async Task Reserved_or_malformed_aliases_change_nothing(string alias, string message)
    {
        var before = await S.GetAuditAsync(M);
        var e = await Assert.ThrowsAsync<PortalValidationException>(() => S.SetAliasAsync(M, alias, "V2", "x"));
        Assert.Contains(message, e.Message);
        Assert.Equal(before.Count, (await S.GetAuditAsync(M)).Count);
        Assert.Equal(0, await _bed.CountAsync(RegistrySchema.Aliases));
    }

    [Fact]
    public async Task Unknown_alias_version_or_model_is_named_and_changes_nothing()
    {
        var before = (await S.GetAuditAsync(M)).Count;
        Assert.Contains("no alias CHAMPION", (await Assert.ThrowsAsync<PortalNotFoundException>(() => S.UnsetAliasAsync(M, "CHAMPION"))).Message);
        Assert.Contains("no version V9", (await Assert.ThrowsAsync<PortalNotFoundException>(() => S.SetAliasAsync(M, "CHAMPION", "V9", null))).Message);
        Assert.Contains("no model NOPE", (await Assert.ThrowsAsync<PortalNotFoundException>(() => S.SetAliasAsync("NOPE", "CHAMPION", "V1", null))).Message);
        Assert.Contains("no version or alias CHAMPION", (await Assert.ThrowsAsync<PortalNotFoundException>(() => S.GetVersionAsync(M, "CHAMPION"))).Message);
        Assert.Equal(before, (await S.GetAuditAsync(M)).Count);
        Assert.Equal(0, await _bed.CountAsync(RegistrySchema.Aliases));
    }

    [Fact]
    public async Task Search_finds_models_by_name_tag_or_alias()
    {
        await S.SetAliasAsync(M, "CHAMPION", "V2", null);
        Assert.Single(await S.ListModelsAsync("mortgage"));
        Assert.Single(await S.ListModelsAsync("sagemaker"));
        Assert.Single(await S.ListModelsAsync("champ"));
        Assert.Empty(await S.ListModelsAsync("FIRST"));
        Assert.Empty(await S.ListModelsAsync("nothing-like-it"));
    }
}
