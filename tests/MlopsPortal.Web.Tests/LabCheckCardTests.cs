using Bunit;
using MlopsPortal.Core.Lab;
using MlopsPortal.Web.Components.Pages.Lab;
using MudBlazor.Services;
using Microsoft.Extensions.DependencyInjection;

namespace MlopsPortal.Web.Tests;

public sealed class LabCheckCardTests : BunitContext
{
    public LabCheckCardTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Theory]
    [InlineData(true, true, "holds")]
    [InlineData(false, true, "not yet")]
    [InlineData(false, false, "not built yet")]
    public void A_check_shows_its_status_and_what_was_found(bool holds, bool available, string status)
    {
        var check = new LabCheckResult("SEAI51", "rows of week 5", holds, "12 row(s) with WEEK = 5", "at least one", available);

        var card = Render<LabCheckCard>(p => p.Add(c => c.Check, check));

        Assert.Equal(status, card.Find("[data-testid=status]").TextContent.Trim());
        Assert.Contains("12 row(s) with WEEK = 5", card.Markup);
    }
}
