namespace MlopsPortal.Web.Tests.Security;

/// <summary>Threat: the first admin is created with a placeholder password. The portal refuses to start, saying why.</summary>
public sealed class FirstAdminPasswordTests
{
    private sealed class WeakAdminPortal : PortalFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("MLOPS_ADMIN_PASSWORD", "change-me");
        }
    }

    [Fact]
    public async Task A_placeholder_admin_password_stops_the_start_with_a_clear_message()
    {
        await using var portal = new WeakAdminPortal();
        var error = Assert.ThrowsAny<Exception>(() => portal.CreateClient());
        var message = error.ToString();
        Assert.Contains("MLOPS_ADMIN_PASSWORD is too weak for the first admin 'admin'", message);
        Assert.Contains("placeholder", message);
    }
}
