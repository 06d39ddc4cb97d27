using System.Text.Json.Nodes;
using Bunit;
using MlopsPortal.Core.Registry;
using MlopsPortal.Infrastructure.FeatureStore;
using MlopsPortal.Web.Components.Pages.Models;
using MudBlazor.Services;

namespace MlopsPortal.Web.Tests.Registry;

/// <summary>A version's lineage card: where it came from (without the server's folders) and what it was trained on.</summary>
public sealed class LineagePanelTests : BunitContext
{
    public LineagePanelTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private static ModelVersion Version(string kind, string? uri)
    {
        var f = new FeatureSpec("APPLICANT_INCOME_000S");
        return new ModelVersion("M", "V2", null, new JsonObject(), ModelTasks.TabularBinaryClassification, [f], PreprocessingSpec.Identity([f]),
            new ModelSource(kind, uri, "xgboost-json", new string('a', 64), 10, "model.json"), "dana", new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), []);
    }

    [Fact]
    public void A_model_imported_from_a_server_path_shows_its_file_name_not_the_servers_folders()
    {
        var panel = Render<LineagePanel>(p => p.Add(x => x.Version, Version("Path", "/srv/mlops/imports/secret-team/model.tar.gz")));

        var source = panel.Find("[data-testid=lineage-source]").TextContent;
        Assert.Equal("Server file model.tar.gz", source);
        Assert.DoesNotContain("/srv", panel.Markup);
        Assert.Equal("SageMaker s3://bucket/key/model.tar.gz", Version("SageMaker", "s3://bucket/key/model.tar.gz").Source.Description);
    }

    [Fact]
    public void The_feature_views_a_version_was_trained_on_are_listed_with_a_link_to_each()
    {
        var uses = new[] { new TrainingUse("LOAN_FEATURES_OHE$1", "M", "V2", "MORTGAGE_TRAINING_SET", DateTime.UtcNow, "dana") };

        var panel = Render<LineagePanel>(p => p.Add(x => x.Version, Version("Trained", null)).Add(x => x.TrainedOn, uses));

        var row = panel.Find("[data-testid=lineage-trained-on]");
        Assert.Contains("LOAN_FEATURES_OHE$1", row.TextContent);
        Assert.Contains("via training set MORTGAGE_TRAINING_SET", row.TextContent);
        Assert.Equal("/feature-store/views/LOAN_FEATURES_OHE/1", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Empty(Render<LineagePanel>(p => p.Add(x => x.Version, Version("Trained", null))).FindAll("[data-testid=lineage-trained-on]"));
    }
}
