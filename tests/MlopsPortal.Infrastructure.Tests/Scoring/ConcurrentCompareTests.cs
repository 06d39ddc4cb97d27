using System.Globalization;
using MlopsPortal.Core.Registry;
using MlopsPortal.Infrastructure.Scoring;

namespace MlopsPortal.Infrastructure.Tests.Scoring;

/// <summary>
/// Compare evaluations started at once on the same versions (two users, or one user clicking twice) are all kept: each
/// is appended to the version's evaluations as stored at the write, not to what its evaluation read before (issue 17).
/// </summary>
public sealed class ConcurrentCompareTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Concurrent_evaluations_of_the_same_versions_are_all_stored()
    {
        await using var bed = await ScoringBed.CreateAsync();
        var sagemaker = Path.Combine(ScoringBed.RepoRoot, "data", "demo", "sagemaker");
        await bed.Registry.ImportVersionAsync(new ImportVersionRequest(ScoringBed.Model, "V2",
            Location: Path.Combine(sagemaker, "model.tar.gz"), MappingTable: ScoringBed.Source,
            Features: File.ReadAllLines(Path.Combine(sagemaker, "feature_names.txt")).Where(l => l.Length > 0).ToList()), Ct);
        var comparer = new VersionComparer(new VersionEvaluator(bed.Warehouse, bed.Registry, new ModelCache(), bed.User), bed.Registry, bed.User, TimeProvider.System);
        double[] thresholds = [0.3, 0.4, 0.5, 0.6];

        // Every evaluation reads the versions before any stores; a read-modify-write of the metrics kept only the last.
        await Task.WhenAll(thresholds.Select(t => Task.Run(() =>
            comparer.EvaluateAsync(new VersionComparer.Request(ScoringBed.Model, ["V1", "V2"], ScoringBed.Source, "MORTGAGERESPONSE", Threshold: t), Ct), Ct)));

        foreach (var name in new[] { "V1", "V2" })
        {
            var stored = VersionComparisons.Read(await bed.Registry.GetVersionAsync(ScoringBed.Model, name, Ct));
            Assert.Equal(
                thresholds.Select(t => t.ToString(CultureInfo.InvariantCulture)).Order(),
                stored.Select(e => e.Basis.Threshold.ToString(CultureInfo.InvariantCulture)).Order());
        }
    }
}
