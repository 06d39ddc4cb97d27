using System.Text;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlopsPortal.Core.Data.Csv;
using MlopsPortal.Infrastructure.Data;
using MlopsPortal.Infrastructure.Demo;
using MlopsPortal.Web.Components.Pages.Models;
using Options = Microsoft.Extensions.Options.Options;
using MlopsPortal.Web.Tests.Hosting;

namespace MlopsPortal.Web.Tests.Registry;

/// <summary>
/// What a form preselects comes from the demo's configuration (Demo:FormDefaults), not from the form: the configured label
/// where the table has it, the last column where nothing is configured or the table lacks it.
/// </summary>
public sealed class FormDefaultsTests : WarehouseBunitContext
{

    public FormDefaultsTests()
    {
        Services.AddSingleton(new DataTablesService(Warehouse, new CsvImportService(Warehouse), TestUser.Scientist()));
    }

    public override async ValueTask InitializeAsync()
    {
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes("ID,OUTCOME,NOTE\n1,0,a\n2,1,b\n"));
        await new CsvImportService(Warehouse).ImportAsync("LOANS", csv, ImportMode.Create, Ct);
    }

    [Theory]
    [InlineData("outcome", "OUTCOME")] // configured, spelled as the table spells it
    [InlineData(null, "NOTE")]         // nothing configured: the last column, as before
    [InlineData("MORTGAGERESPONSE", "NOTE")] // configured but not in this table
    public async Task The_label_of_an_imports_metrics_is_the_configured_one_where_the_table_has_it(string? configured, string expected)
    {
        Services.AddSingleton(Options.Create(new FormDefaultsOptions { LabelColumn = configured }));
        var draft = new ImportDraft { Table = "LOANS" };
        var step = Render<ImportDetailsStep>(p => p.Add(x => x.Draft, draft));

        await step.InvokeAsync(() => step.FindAll("input[type=radio]")[1].Click());

        step.WaitForAssertion(() => Assert.Equal(expected, draft.EvaluateLabel), TimeSpan.FromSeconds(30));
        Assert.Equal("LOANS", draft.EvaluateTable);
    }

    [Fact]
    public void Among_finds_a_name_case_insensitively_and_nothing_else()
    {
        Assert.Equal("OUTCOME", FormDefaultsOptions.Among(["ID", "OUTCOME"], "Outcome"));
        Assert.Null(FormDefaultsOptions.Among(["ID", "OUTCOME"], "OUT"));
        Assert.Null(FormDefaultsOptions.Among(["ID"], null));
    }
}
