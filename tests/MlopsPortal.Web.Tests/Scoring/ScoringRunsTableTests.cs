using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlopsPortal.Core.Jobs;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Infrastructure.Scoring;
using MlopsPortal.Web.Components.Pages.Scoring;
using MudBlazor.Services;

namespace MlopsPortal.Web.Tests.Scoring;

/// <summary>Issue 14: the runs list says what each run scored (its filter), how (mode) and how many rows it wrote.</summary>
public sealed class ScoringRunsTableTests : BunitContext
{
    public ScoringRunsTableTests()
    {
        Services.AddMudServices();
        // Only the Cancel button calls the service, and no run here can be cancelled.
        Services.AddSingleton(new ScoringService(null!, null!, null!, null!, null!, null!));
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private static ScoringRun Run(int? week, WriteMode mode, long rows) => new(
        Guid.NewGuid(),
        new ScoringRunSpec
        {
            Model = "M", Version = "V1", Source = "INFERENCEMORTGAGEDATA", Output = "PREDICTIONS_WITH_GROUND_TRUTH", Mode = mode,
            Filter = week is { } w ? [new FilterCondition("WEEK", "=", $"{w}")] : [],
        },
        "V1", ScoringExecution.Warehouse, JobStatus.Succeeded, 1, rows, new Dictionary<string, long>(), null, "dana",
        DateTime.UtcNow, DateTime.UtcNow, DateTime.UtcNow);

    [Fact]
    public void Each_run_shows_its_filter_mode_and_rows_written()
    {
        var table = Render<ScoringRunsTable>(p => p.Add(t => t.Runs, [Run(1, WriteMode.Overwrite, 200), Run(2, WriteMode.Append, 200), Run(null, WriteMode.Overwrite, 4_800)]));

        Assert.Equal(["WEEK = 1", "WEEK = 2", "all rows"], table.FindAll("[data-testid=run-filter]").Select(c => c.TextContent.Trim()));
        Assert.Equal(["200", "200", "4,800"], table.FindAll("[data-testid=run-rows]").Select(c => c.TextContent.Trim()));
        var modes = table.FindAll("tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains("(overwrite", modes[0]);
        Assert.Contains("(append", modes[1]);
    }
}
