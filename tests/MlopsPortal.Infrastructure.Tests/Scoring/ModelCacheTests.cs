using MlopsPortal.Infrastructure.Scoring;
using MlopsPortal.Trees.Reading;

namespace MlopsPortal.Infrastructure.Tests.Scoring;

/// <summary>Scoring reads stored models under the limits the registry was configured with, not the engine's defaults.</summary>
public sealed class ModelCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stored_model_is_read_with_the_configured_limits()
    {
        await using var bed = await ScoringBed.CreateAsync();
        var version = await bed.Registry.GetVersionAsync(ScoringBed.Model, "V1", Ct);

        var loaded = await new ModelCache(new ModelReadLimits()).GetAsync(bed.Registry, version, Ct);
        Assert.True(loaded.Trees.Count > 0);

        // Limits tighter than the model: the same artifact is refused, so the configured limits are the ones applied.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => new ModelCache(new ModelReadLimits(MaxTreeDepth: 1)).GetAsync(bed.Registry, version, Ct));
        Assert.Contains("depth", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
