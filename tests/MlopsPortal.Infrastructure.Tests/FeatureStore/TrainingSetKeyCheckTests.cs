using MlopsPortal.Core.Common;
using MlopsPortal.Core.FeatureStore;

namespace MlopsPortal.Infrastructure.Tests.FeatureStore;

/// <summary>
/// docs/metrics.md "Training sets": the entity key is checked at the spine's timestamps. A hand-built view and spine
/// with known counts: matched (one feature row), unmatched (none at or before) and ambiguous (several rows share the
/// keys and the matched timestamp); duplicated groups no spine row reaches do not count.
/// </summary>
public sealed class TrainingSetKeyCheckTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateTime T0 = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
    private static readonly DateTime T1 = new(2025, 1, 2, 0, 0, 0, DateTimeKind.Unspecified);
    private static readonly DateTime T2 = new(2025, 1, 3, 6, 0, 0, DateTimeKind.Unspecified);

    private static async Task<FeatureStoreBed> BedAsync()
    {
        var bed = await FeatureStoreBed.CreateAsync();
        var w = bed.Warehouse;
        await w.ExecuteAsync("CREATE TABLE RAW_FEATURES (K BIGINT, TS TIMESTAMP, V DOUBLE)");
        await w.ExecuteAsync("CREATE TABLE SPINE (ID BIGINT, K BIGINT, TS TIMESTAMP, LABEL BIGINT)");
        await w.InTransactionAsync(s => s.BulkAppendAsync("RAW_FEATURES", new object?[][]
        {
            [1L, T1, 10.0],                                     // K=1: unique at T1
            [2L, T1, 20.0], [2L, T1, 21.0], [2L, T2, 22.0],     // K=2: two rows at T1, one at T2
            [3L, T2, 30.0], [3L, T2, 31.0], [3L, T2, 32.0],     // K=3: three rows at T2
            [5L, T1, 50.0], [5L, T1, 51.0],                     // K=5: duplicated, but no spine row asks for it
        }));
        await bed.Service.CreateEntityAsync(new EntitySpec("K_ENTITY", ["K"]), Ct);
        await bed.Service.CreateViewAsync(new FeatureViewSpec("KV", 1, ["K_ENTITY"], "TS", "RAW_FEATURES", null, ["V"]), Ct);
        await bed.Service.RefreshAsync("KV", 1, Ct);
        return bed;
    }

    private static Task<long> SpineAsync(FeatureStoreBed bed, params (long K, DateTime Ts)[] rows) =>
        bed.Warehouse.InTransactionAsync(s => s.BulkAppendAsync("SPINE", rows.Select((r, i) => new object?[] { (long)i, r.K, r.Ts, (long)(i % 2) })));

    private static TrainingSetRequest Request(DuplicateKeyPolicy policy) => new("SPINE", "TS", ["ID", "LABEL"], "KV", 1, [], "KV_SET", policy);

    [Fact]
    public async Task Counts_matched_unmatched_and_ambiguous_rows_and_names_the_duplicated_keys()
    {
        await using var bed = await BedAsync();
        await SpineAsync(bed,
            (1, T1), (1, T1.AddHours(1)), (2, T2),   // matched: 3
            (2, T1), (3, T2), (3, T2.AddHours(1)),   // ambiguous: 3, over 2 duplicated keys
            (4, T1), (1, T0));                       // unmatched: 2 (no K=4; K=1 has nothing at or before T0)
        await bed.Warehouse.ExecuteAsync("CREATE TABLE KV_SET AS SELECT 'before' AS MARK");

        var refusal = (await Assert.ThrowsAsync<PortalValidationException>(() => bed.Service.CreateTrainingSetAsync(Request(DuplicateKeyPolicy.Refuse), Ct))).Message;
        Assert.Contains("2 duplicated keys (e.g. K=3, TS=2025-01-03 06:00:00 (3 rows)) leave 3 of 8 spine rows ambiguous", refusal);
        Assert.Equal("before", await bed.Warehouse.ScalarAsync<string>("SELECT MARK FROM KV_SET"));

        var result = await bed.Service.CreateTrainingSetAsync(Request(DuplicateKeyPolicy.Warn), Ct);

        Assert.Equal((8L, 3L, 2L, 3L), (result.Rows, result.Matched, result.Unmatched, result.Ambiguous));
        Assert.Equal(2, result.DuplicateKeys);
        Assert.Equal("K=3, TS=2025-01-03 06:00:00 (3 rows)", result.ExampleKey);
        Assert.Contains("KV$1 is not unique on (K, TS)", result.Warning);
        Assert.Equal(8, await bed.Warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM KV_SET"));
        Assert.Equal(2, await bed.Warehouse.ScalarAsync<long>("SELECT COUNT(*) FROM KV_SET WHERE FEATURE_TIMESTAMP IS NULL"));
    }

    [Fact]
    public async Task A_key_unique_at_the_spines_timestamps_is_written_under_refuse_without_a_warning()
    {
        await using var bed = await BedAsync();
        // K=2 has two rows at T1, but at T2 (the latest at or before these spine rows) only one.
        await SpineAsync(bed, (1, T1), (2, T2), (2, T2.AddDays(3)), (4, T1));

        var result = await bed.Service.CreateTrainingSetAsync(Request(DuplicateKeyPolicy.Refuse), Ct);

        Assert.Equal((4L, 3L, 1L, 0L, 0L), (result.Rows, result.Matched, result.Unmatched, result.Ambiguous, result.DuplicateKeys));
        Assert.Null(result.ExampleKey);
        Assert.Null(result.Warning);
        Assert.Equal([10.0, 22.0, 22.0], await bed.Warehouse.QueryAsync<double>("SELECT V FROM KV_SET WHERE V IS NOT NULL ORDER BY ID"));
    }
}
