using System.Text.Json.Nodes;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse.Migrations;
using MlopsPortal.Infrastructure.Registry;
using MlopsPortal.Web.Components.Pages.Models;
using MudBlazor;
using MlopsPortal.Web.Tests.Hosting;

namespace MlopsPortal.Web.Tests.Registry;

/// <summary>The promotion dialog on a real registry (DuckDB in a temp folder): shows from → to, needs a reason, enforces roles.</summary>
public sealed class PromotionDialogTests : WarehouseBunitContext
{
    private const string M = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL";
    private readonly WarehouseRegistryStore _store;
    private readonly TestUser _user = new("alice", Role.Admin);

    public PromotionDialogTests()
    {
        _store = new WarehouseRegistryStore(Warehouse);
        Services.AddSingleton<ICurrentUser>(_user);
        Services.AddSingleton(new RegistryService(_store, new FileArtifactStore(Path.Combine(DataDirectory, "a")), new TreesArtifactReader(),
            new ArtifactFetcher(new RegistryOptions()), _user));
    }

    public override async ValueTask InitializeAsync()
    {
        await new MigrationRunner(Warehouse).RunAsync();
        foreach (var v in new[] { "V1", "V2", "V3" })
        {
            var spec = new FeatureSpec(v == "V3" ? "B" : "A"); // V3 reads another column
            await _store.AddVersionAsync(new NewModelVersion(new ModelVersion(M, v, null, new JsonObject(), ModelTasks.TabularBinaryClassification,
                [spec], PreprocessingSpec.Identity([spec]), new ModelSource("Upload", "m.json", "xgboost-json", new string('a', 64), 1, "m.json"),
                "seed", DateTime.UtcNow, []), null, new Dictionary<string, string>()));
        }
        await _store.ChangeAliasAsync(new AliasChangeRequest(M, "PRODUCTION", "V1", "seed", Role.Admin, "first"));
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(string version = "V2")
    {
        var provider = Render<MudDialogProvider>();
        var model = (await _store.GetModelAsync(M, Ct))!;
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<PromotionDialog>($"Set an alias on {version}",
            new DialogParameters<PromotionDialog> { { d => d.Model, model }, { d => d.Version, version } }));
        return provider;
    }

    [Fact]
    public async Task Shows_from_and_to_and_moves_production_only_with_a_reason()
    {
        var dialog = await OpenAsync();
        Assert.Contains("PRODUCTION: V1 → V2", dialog.Find("[data-testid=promotion-summary]").TextContent);
        Assert.True(dialog.Find("[data-testid=promotion-confirm]").HasAttribute("disabled"));

        dialog.Find("[data-testid=reason-input]").Input("V2 is better");
        dialog.WaitForAssertion(() => Assert.False(dialog.Find("[data-testid=promotion-confirm]").HasAttribute("disabled")));
        await dialog.Find("[data-testid=promotion-confirm]").ClickAsync(new());

        Assert.Equal("V2", (await _store.GetModelAsync(M, Ct))!.Aliases["PRODUCTION"]);
        var last = (await _store.GetAuditAsync(M, Ct))[^1];
        Assert.Equal(("V1", "V2", "V2 is better", "alice"), (last.From, last.To, last.Reason, last.User));
    }

    [Fact]
    public async Task A_data_scientist_sees_why_production_is_refused_and_nothing_moves()
    {
        _user.Principal = new PortalPrincipal("dana", Role.DataScientist);
        var dialog = await OpenAsync();
        dialog.Find("[data-testid=reason-input]").Input("try");
        await dialog.Find("[data-testid=promotion-confirm]").ClickAsync(new());

        dialog.WaitForAssertion(() => Assert.Contains("needs the Admin role", dialog.Find("[data-testid=promotion-error]").TextContent));
        Assert.Equal("V1", (await _store.GetModelAsync(M, Ct))!.Aliases["PRODUCTION"]);
    }

    [Fact]
    public async Task A_move_to_other_inputs_lists_the_differences_and_waits_for_confirmation()
    {
        var dialog = await OpenAsync("V3");
        dialog.WaitForAssertion(() => Assert.Contains("B (number)", dialog.Find("[data-testid=signature-changes]").TextContent));
        var changes = dialog.Find("[data-testid=signature-changes]").TextContent;
        Assert.Contains("added (the new version reads): B (number)", changes);
        Assert.Contains("missing (no longer read): A (number)", changes);

        dialog.Find("[data-testid=reason-input]").Input("new inputs");
        Assert.True(dialog.Find("[data-testid=promotion-confirm]").HasAttribute("disabled"));
        dialog.Find("input[data-testid=confirm-changes], [data-testid=confirm-changes] input").Change(true);
        dialog.WaitForAssertion(() => Assert.False(dialog.Find("[data-testid=promotion-confirm]").HasAttribute("disabled")));
        await dialog.Find("[data-testid=promotion-confirm]").ClickAsync(new());

        Assert.Equal("V3", (await _store.GetModelAsync(M, Ct))!.Aliases["PRODUCTION"]);
        var audit = await _store.GetAuditAsync(M, Ct);
        Assert.Equal(1, audit.Count(e => e.Alias == "PRODUCTION" && e.To == "V3"));
    }
}
