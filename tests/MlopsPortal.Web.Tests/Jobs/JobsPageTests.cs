using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlopsPortal.Core.Jobs;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse.Migrations;
using MlopsPortal.Infrastructure.Jobs;
using MlopsPortal.Web.Components.Pages.Jobs;
using MlopsPortal.Web.Tests.Hosting;

namespace MlopsPortal.Web.Tests.Jobs;

/// <summary>The Jobs page lists every kind of run, named for people, and narrows to one kind in a click.</summary>
public sealed class JobsPageTests : WarehouseBunitContext
{
    private readonly WarehouseJobRunStore _store;

    public JobsPageTests()
    {
        _store = new WarehouseJobRunStore(Warehouse);
        Services.AddSingleton(new JobsService(_store, new TestUser("vic", Role.Viewer)));
        AddAuthorization().SetAuthorized("vic");
        RenderInteractively();
    }

    public override async ValueTask InitializeAsync()
    {
        await new MigrationRunner(Warehouse).RunAsync(Xunit.TestContext.Current.CancellationToken);
        foreach (var (kind, title) in new[] { ("scoring", "Score week 1"), ("recipe", "Run recipe LAB"), ("alert", "Evaluate alert F1"), ("recipe", "Run recipe OTHER") })
            await _store.CreateAsync(new JobRun(Guid.NewGuid(), kind, title, JobStatus.Succeeded, 1, "done", null, DateTime.UtcNow, DateTime.UtcNow, DateTime.UtcNow, "dana"),
                Xunit.TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Recipe_runs_and_alert_evaluations_are_listed_beside_scoring_and_a_kind_chip_narrows_the_list()
    {
        var page = Render<JobsPage>();
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=jobs-table] tbody tr").Count));
        var chips = page.Find("[data-testid=job-kinds]").TextContent;
        Assert.Contains("Recipe run (2)", chips);
        Assert.Contains("Alert evaluation (1)", chips);
        Assert.Contains("Scoring run (1)", chips);

        page.FindAll(".mud-chip").Single(c => c.TextContent.Contains("Recipe run")).Click();

        page.WaitForAssertion(() =>
        {
            var rows = page.FindAll("[data-testid=jobs-table] tbody tr");
            Assert.Equal(2, rows.Count);
            Assert.All(rows, r => Assert.Contains("Run recipe", r.TextContent));
        });
    }
}
