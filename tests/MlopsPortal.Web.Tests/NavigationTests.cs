using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlopsPortal.Web.Components.Layout;
using MudBlazor.Services;

namespace MlopsPortal.Web.Tests;

public sealed class NavigationTests : BunitContext
{
    public NavigationTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void The_menu_links_every_section_of_the_portal()
    {
        AddAuthorization().SetAuthorized("ann").SetRoles("Admin");

        var menu = Render<NavMenu>();

        var links = menu.FindAll("a").Select(a => (a.GetAttribute("href"), a.TextContent.Trim())).ToList();
        foreach (var (href, text) in new[]
                 {
                     ("/models", "Models"), ("/scoring", "Scoring"), ("/monitoring", "Monitoring"), ("/alerts", "Alerts"),
                     ("/retraining", "Retraining"), ("/feature-store", "Feature Store"), ("/data", "Data"), ("/jobs", "Jobs"),
                     ("/admin", "Admin"), ("/lab", "Lab checks"),
                 })
            Assert.Contains((href, text), links);
    }

    [Fact]
    public void Only_admins_see_the_admin_link()
    {
        AddAuthorization().SetAuthorized("vic").SetRoles("Viewer");

        var menu = Render<NavMenu>();

        Assert.DoesNotContain(menu.FindAll("a"), a => a.GetAttribute("href") == "/admin");
        Assert.Contains(menu.FindAll("a"), a => a.GetAttribute("href") == "/data");
    }
}
