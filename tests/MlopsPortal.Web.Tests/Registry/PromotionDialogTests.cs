using System.Text.Json.Nodes;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Security;
using MlopsPortal.Core.Warehouse.Migrations;
using MlopsPortal.Infrastructure.Registry;
using MlopsPortal.Infrastructure.Warehouse.Embedded;
using MlopsPortal.Web.Components.Pages.Models;
using MudBlazor;
using MudBlazor.Services;

namespace MlopsPortal.Web.Tests.Registry;

/// <summary>The promotion dialog on a real registry (DuckDB in a temp folder): shows from → to, needs a reason, enforces roles.</summary>
public sealed class PromotionDialogTests : BunitContext, IAsyncLifetime
{
    private const string M = "COLLEGE_AI_HOL_XGB_MORTGAGE_MODEL";
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mlops-dialog-" + Guid.NewGuid().ToString("N"));
    private readonly DuckDbWarehouse _warehouse;
    private readonly WarehouseRegistryStore _store;
    private readonly TestUser _user = new();

    public PromotionDialogTests()
    {
        _warehouse = new DuckDbWarehouse(new EmbeddedWarehouseOptions(_dir));
        _store = new WarehouseRegistryStore(_warehouse);
        Services.AddMudServices();
        Services.AddSingleton<ICurrentUser>(_user);
        Services.AddSingleton(new RegistryService(_store, new FileArtifactStore(Path.Combine(_dir, "a")), new TreesArtifactReader(),
            new ArtifactFetcher(new RegistryOptions()), _user));
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public async ValueTask InitializeAsync()
    {
        await new MigrationRunner(_warehouse).RunAsync();
        foreach (var v in new[] { "V1", "V2" })
        {
            var spec = new FeatureSpec("A");
            await _store.AddVersionAsync(new NewModelVersion(new ModelVersion(M, v, null, new JsonObject(), ModelTasks.TabularBinaryClassification,
                [spec], PreprocessingSpec.Identity([spec]), new ModelSource("Upload", "m.json", "xgboost-json", new string('a', 64), 1, "m.json"),
                "seed", DateTime.UtcNow, []), null, new Dictionary<string, string>()));
        }
        await _store.ChangeAliasAsync(new AliasChangeRequest(M, "PRODUCTION", "V1", "seed", Role.Admin, "first"));
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _warehouse.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync()
    {
        var provider = Render<MudDialogProvider>();
        var model = (await _store.GetModelAsync(M, Ct))!;
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<PromotionDialog>("Set an alias on V2",
            new DialogParameters<PromotionDialog> { { d => d.Model, model }, { d => d.Version, "V2" } }));
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

    private sealed class TestUser : ICurrentUser
    {
        public PortalPrincipal? Principal { get; set; } = new("alice", Role.Admin);
        public ValueTask<PortalPrincipal?> GetAsync() => ValueTask.FromResult(Principal);
    }
}
