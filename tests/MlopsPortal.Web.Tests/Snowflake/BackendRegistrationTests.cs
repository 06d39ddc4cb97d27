using Microsoft.Extensions.DependencyInjection;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Snowflake;
using MlopsPortal.Infrastructure.Warehouse.Embedded;

namespace MlopsPortal.Web.Tests.Snowflake;

/// <summary>The real portal's composition: embedded stays the default, the Snowflake admin service is always there.</summary>
public sealed class BackendRegistrationTests
{
    [Fact]
    public async Task The_portal_runs_embedded_by_default_and_the_admin_page_can_reach_the_snowflake_service()
    {
        await using var portal = new PortalFactory();
        _ = portal.Server;
        using var scope = portal.Services.CreateScope();

        Assert.IsType<DuckDbWarehouse>(scope.ServiceProvider.GetRequiredService<IWarehouse>());
        var admin = scope.ServiceProvider.GetRequiredService<SnowflakeAdminService>();
        Assert.Equal(WarehouseBackend.Embedded, admin.Running.Backend);
        Assert.Equal("default", admin.Running.Origin);
    }
}
