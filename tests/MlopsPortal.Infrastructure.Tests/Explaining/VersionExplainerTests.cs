using MlopsPortal.Core.Common;
using MlopsPortal.Core.Explaining;
using MlopsPortal.Infrastructure.Explaining;
using MlopsPortal.Infrastructure.Scoring;
using MlopsPortal.Infrastructure.Tests.Scoring;
using MlopsPortal.Trees.Prediction;

namespace MlopsPortal.Infrastructure.Tests.Explaining;

/// <summary>SHAP on a seeded sample of the lab table: reproducible, additive to the model's margin, foldable by source column.</summary>
public sealed class VersionExplainerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_seeded_sample_is_reproducible_and_its_contributions_add_up_to_the_prediction()
    {
        await using var bed = await ScoringBed.CreateAsync();
        var explainer = new VersionExplainer(bed.Warehouse, bed.Registry, new ModelCache(), bed.User);

        var first = await explainer.ExplainAsync(new(ScoringBed.Model, "V1", ScoringBed.Source, LabelColumns: ["LOAN_ID", "WEEK", "APPLICANT_INCOME_000S", "LOAN_AMOUNT_000S"]), Ct);
        var again = await explainer.ExplainAsync(new(ScoringBed.Model, "V1", ScoringBed.Source, LabelColumns: ["LOAN_ID", "WEEK", "APPLICANT_INCOME_000S", "LOAN_AMOUNT_000S"]), Ct);
        var other = await explainer.ExplainAsync(new(ScoringBed.Model, "V1", ScoringBed.Source, Seed: 7, LabelColumns: ["LOAN_ID", "WEEK", "APPLICANT_INCOME_000S", "LOAN_AMOUNT_000S"]), Ct);

        Assert.Equal(50, first.Rows);
        Assert.Equal(4800, first.RowsScanned);
        Assert.Equal(first.Labels, again.Labels);
        Assert.NotEqual(first.Labels, other.Labels);

        // Each row's bias + contributions is the engine's margin for that row.
        var version = await bed.Registry.GetVersionAsync(ScoringBed.Model, "V1", Ct);
        var predictor = new Predictor(await new ModelCache().GetAsync(bed.Registry, version, Ct));
        for (var r = 0; r < first.Rows; r++)
            Assert.Equal(predictor.PredictMargin(first.Values[r]), first.Margin(r), 1e-4);

        // Folding sums the one-hot contributions per source column; the margins stay.
        var sources = version.Preprocessing.OneHot.ToDictionary(f => f.Feature, f => f.Column!);
        var folded = first.Fold(f => sources.GetValueOrDefault(f));
        Assert.Contains("COUNTY_NAME", folded.Features);
        Assert.DoesNotContain(folded.Features, f => sources.ContainsKey(f));
        Assert.True(folded.Features.Count < first.Features.Count);
        for (var r = 0; r < first.Rows; r++)
            Assert.Equal(first.Margin(r), folded.Margin(r), 1e-9);
        Assert.Equal(folded.Features.Count, folded.Importance().Count);
    }

    [Fact]
    public async Task A_bad_sample_size_or_table_is_named()
    {
        await using var bed = await ScoringBed.CreateAsync();
        var explainer = new VersionExplainer(bed.Warehouse, bed.Registry, new ModelCache(), bed.User);
        Assert.Contains("0", (await Assert.ThrowsAsync<PortalValidationException>(() => explainer.ExplainAsync(new(ScoringBed.Model, "V1", ScoringBed.Source, Sample: 0), Ct))).Message);
        Assert.Contains("NO_TABLE", (await Assert.ThrowsAsync<PortalNotFoundException>(() => explainer.ExplainAsync(new(ScoringBed.Model, "V1", "NO_TABLE"), Ct))).Message);
        Assert.Contains("reserved for the portal's own data", (await Assert.ThrowsAnyAsync<PortalValidationException>(
            () => explainer.ExplainAsync(new(ScoringBed.Model, "V1", "PORTAL_USERS", LabelColumns: ["PASSWORD_HASH"]), Ct))).Message);
    }
}
