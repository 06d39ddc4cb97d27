using MlopsPortal.Core.Common;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse.Migrations;
using MlopsPortal.Infrastructure.Auth;
using MlopsPortal.Infrastructure.Tests.Registry;
using MlopsPortal.Infrastructure.Tests.Warehouse;

namespace MlopsPortal.Infrastructure.Tests.Auth;

public sealed class UserServiceTests : IAsyncLifetime
{
    private readonly TempWarehouse _temp = new();
    private readonly FakeUser _caller = new("ada", Role.Admin);
    private UserService _users = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await new MigrationRunner(_temp.Warehouse).RunAsync();
        _users = new UserService(new UserStore(_temp.Warehouse), _caller, Sessions(_temp.Warehouse));
    }

    public ValueTask DisposeAsync()
    {
        _temp.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Passwords_are_stored_hashed_and_verified()
    {
        await _users.CreateFirstAdminAsync("root", "s3cret-password", Ct);

        var hash = await _temp.Warehouse.ScalarAsync<string>("SELECT PASSWORD_HASH FROM PORTAL_USERS WHERE USERNAME = 'root'", ct: Ct);
        Assert.DoesNotContain("s3cret-password", hash);
        Assert.Equal(Role.Admin, (await _users.VerifyAsync("root", "s3cret-password", Ct))?.Role);
        Assert.Null(await _users.VerifyAsync("root", "wrong", Ct));
        Assert.Null(await _users.VerifyAsync("nobody", "s3cret-password", Ct));
    }

    [Fact]
    public async Task The_first_admin_is_created_only_once()
    {
        Assert.True(await _users.CreateFirstAdminAsync("root", "first-password", Ct));
        Assert.False(await _users.CreateFirstAdminAsync("other", "second-password", Ct));

        Assert.Null(await _users.VerifyAsync("other", "second-password", Ct));
    }

    [Fact]
    public async Task Only_admins_add_users_and_change_roles()
    {
        var viewer = new UserService(new UserStore(_temp.Warehouse), new FakeUser("vic", Role.Viewer), Sessions(_temp.Warehouse));

        await Assert.ThrowsAsync<PortalForbiddenException>(() => viewer.CreateAsync("eve", "password-123", Role.Admin, Ct));
        await _users.CreateAsync("eve", "password-123", Role.Viewer, Ct);
        await Assert.ThrowsAsync<PortalForbiddenException>(() => viewer.SetRoleAsync("eve", Role.Admin, Ct));
        await _users.SetRoleAsync("eve", Role.DataScientist, Ct);

        Assert.Equal(Role.DataScientist, (await _users.VerifyAsync("eve", "password-123", Ct))?.Role);
    }

    [Theory]
    [InlineData("", "password-123", "not a valid user name")]
    [InlineData("bad name", "password-123", "not a valid user name")]
    [InlineData("fine", "short", "at least 8 characters")]
    public async Task Bad_users_are_refused_with_the_reason(string name, string password, string reason)
    {
        var error = await Assert.ThrowsAsync<PortalValidationException>(() => _users.CreateAsync(name, password, Role.Viewer, Ct));

        Assert.Contains(reason, error.Message);
        Assert.Equal(0, await _temp.Warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM PORTAL_USERS", ct: Ct));
    }

    [Fact]
    public async Task A_duplicate_user_name_is_refused_whatever_its_case()
    {
        await _users.CreateAsync("Eve", "password-123", Role.Viewer, Ct);

        var error = await Assert.ThrowsAsync<PortalValidationException>(() => _users.CreateAsync("eve", "password-456", Role.Admin, Ct));
        Assert.Contains("already exists", error.Message);
    }

    private static UserSessions Sessions(MlopsPortal.Core.Warehouse.IWarehouse warehouse) =>
        new(warehouse, TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new AuthOptions()));
}
