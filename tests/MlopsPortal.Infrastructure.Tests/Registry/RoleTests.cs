using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Security;

namespace MlopsPortal.Infrastructure.Tests.Registry;

public sealed class RoleTests : IAsyncLifetime
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
    public async Task Viewer_reads_but_changes_nothing()
    {
        _bed.User.Act("manager", Role.Viewer);
        Assert.Single(await S.ListModelsAsync());
        Assert.Equal(2, (await S.ListVersionsAsync(M)).Count);
        Assert.NotEmpty(await S.GetAuditAsync(M));

        var e = await Assert.ThrowsAsync<PortalForbiddenException>(() => S.SetAliasAsync(M, "STAGING", "V1", null));
        Assert.Contains("DataScientist", e.Message);
        await Assert.ThrowsAsync<PortalForbiddenException>(() => S.SetAliasAsync(M, "PRODUCTION", "V1", null));
        await Assert.ThrowsAsync<PortalForbiddenException>(() => S.UnsetAliasAsync(M, "STAGING"));
        await Assert.ThrowsAsync<PortalForbiddenException>(() => S.UpdateModelAsync(M, "new comment", null));
        await Assert.ThrowsAsync<PortalForbiddenException>(() => S.ImportVersionAsync(new ImportVersionRequest(M, "V3", Location: "/nowhere")));
        Assert.Equal(0, await _bed.CountAsync(RegistrySchema.Aliases));
    }

    [Fact]
    public async Task Data_scientist_sets_other_aliases_but_not_production()
    {
        _bed.User.Act("dana", Role.DataScientist);
        await S.SetAliasAsync(M, "STAGING", "V2", "candidate");
        var e = await Assert.ThrowsAsync<PortalForbiddenException>(() => S.SetAliasAsync(M, "production", "V2", "ship it"));
        Assert.Contains("Admin", e.Message);

        _bed.User.Act("root", Role.Admin);
        await S.SetAliasAsync(M, "PRODUCTION", "V1", "admin ships V1");

        _bed.User.Act("dana", Role.DataScientist);
        await Assert.ThrowsAsync<PortalForbiddenException>(() => S.UnsetAliasAsync(M, "PRODUCTION"));
        var displace = await Assert.ThrowsAsync<PortalForbiddenException>(() => S.SetAliasAsync(M, "STAGING", "V1", "would unset PRODUCTION"));
        Assert.Contains("carries PRODUCTION", displace.Message);
        Assert.Equal("V1", (await S.GetModelAsync(M)).Aliases["PRODUCTION"]);
        Assert.Equal("V2", (await S.GetModelAsync(M)).Aliases["STAGING"]);
    }

    [Fact]
    public async Task Admin_sets_moves_and_unsets_production()
    {
        await S.SetAliasAsync(M, "PRODUCTION", "V1", "go");
        await S.SetAliasAsync(M, "PRODUCTION", "V2", "better");
        await S.UnsetAliasAsync(M, "PRODUCTION", "pause");
        Assert.Equal(3, (await S.GetAuditAsync(M)).Count(e => e.Alias == "PRODUCTION"));
    }

    [Fact]
    public async Task Nobody_signed_in_is_refused()
    {
        _bed.User.Principal = null;
        var e = await Assert.ThrowsAsync<PortalForbiddenException>(() => S.ListModelsAsync());
        Assert.Contains("Sign in", e.Message);
    }
}
