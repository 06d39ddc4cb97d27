using MlopsPortal.Core.FeatureStore;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Infrastructure.Tests.FeatureStore;

/// <summary>
/// Property: on generated spines and feature rows (composite keys, repeated timestamps, ties, keys with no features,
/// spine rows earlier than every feature row) each training-set row carries the latest feature row of the same keys at or
/// before the spine's timestamp — never a later one — exactly as a naive C# scan finds it.
/// </summary>
public sealed class PointInTimeJoinPropertyTests
{
    private sealed record FeatureRow(long K1, string K2, DateTime Ts, long Id, double? Value);

    private sealed record SpineRow(long SpineId, long K1, string K2, DateTime Ts);

    [Fact]
    public async Task Asof_training_sets_never_leak_a_later_row()
    {
        await using var bed = await FeatureStoreBed.CreateAsync();
        var w = bed.Warehouse;
        await w.ExecuteAsync("CREATE TABLE FEATURES_RAW (K1 BIGINT, K2 VARCHAR, TS TIMESTAMP, ROW_ID BIGINT, VALUE DOUBLE)");
        await w.ExecuteAsync("CREATE TABLE SPINE (SPINE_ID BIGINT, K1 BIGINT, K2 VARCHAR, TS TIMESTAMP, LABEL BIGINT)");
        await bed.Service.CreateEntityAsync(new EntitySpec("PAIR", ["K1", "K2"]), default);
        await bed.Service.CreateViewAsync(new FeatureViewSpec("PROP", 1, ["PAIR"], "TS", "FEATURES_RAW", null, ["ROW_ID", "VALUE"]), default);

        var checkedRows = 0;
        var matchedRows = 0;
        long ambiguousRows = 0;
        for (var seed = 1; seed <= 40; seed++)
        {
            var rng = new Random(seed);
            var t0 = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
            // Few distinct instants so that ties (same keys, same timestamp) and exact equality with the spine are common.
            DateTime At() => t0.AddHours(rng.Next(0, 12) * 6);
            var features = Enumerable.Range(0, rng.Next(0, 120))
                .Select(i => new FeatureRow(rng.Next(1, 4), rng.Next(2) == 0 ? "a" : "b", At(), i, rng.Next(5) == 0 ? null : rng.NextDouble()))
                .ToList();
            var spine = Enumerable.Range(0, rng.Next(1, 80))
                .Select(i => new SpineRow(i, rng.Next(1, 5), rng.Next(2) == 0 ? "a" : "b", At().AddHours(rng.Next(-8, 8)))).ToList();

            await w.ExecuteAsync("DELETE FROM FEATURES_RAW");
            await w.ExecuteAsync("DELETE FROM SPINE");
            await w.InTransactionAsync(async s =>
            {
                await s.BulkAppendAsync("FEATURES_RAW", features.Select(f => new object?[] { f.K1, f.K2, f.Ts, f.Id, f.Value }));
                return await s.BulkAppendAsync("SPINE", spine.Select(r => new object?[] { r.SpineId, r.K1, r.K2, r.Ts, r.SpineId % 2 }));
            });
            await bed.Service.RefreshAsync("PROP", 1, default);
            var result = await bed.Service.CreateTrainingSetAsync(new TrainingSetRequest("SPINE", "TS", ["SPINE_ID", "LABEL"], "PROP", 1, [], "PROP_TRAINING", DuplicateKeyPolicy.Warn), default);
            Assert.Equal(spine.Count, result.Rows);

            // The key check counts as a naive scan does: no feature row at or before, one at the latest instant, several.
            var latestCounts = spine.Select(s => features.Where(f => f.K1 == s.K1 && f.K2 == s.K2 && f.Ts <= s.Ts).GroupBy(f => f.Ts).MaxBy(g => g.Key)?.Count() ?? 0).ToList();
            Assert.Equal(((long)latestCounts.Count(n => n == 1), (long)latestCounts.Count(n => n == 0), (long)latestCounts.Count(n => n > 1)), (result.Matched, result.Unmatched, result.Ambiguous));
            ambiguousRows += result.Ambiguous;

            var joined = await w.QueryAsync<Joined>("SELECT SPINE_ID, TS, FEATURE_TIMESTAMP, ROW_ID, VALUE FROM PROP_TRAINING");
            Assert.Equal(spine.Count, joined.Count);
            Assert.Equal(spine.Select(s => s.SpineId).Order(), joined.Select(j => j.SPINE_ID).Order());
            foreach (var row in joined)
            {
                var s = spine[(int)row.SPINE_ID];
                var candidates = features.Where(f => f.K1 == s.K1 && f.K2 == s.K2 && f.Ts <= s.Ts).ToList();
                if (candidates.Count == 0)
                {
                    Assert.True(row.FEATURE_TIMESTAMP is null && row.ROW_ID is null, $"seed {seed}: spine {s} has no feature at or before it but got row {row.ROW_ID}");
                    continue;
                }

                var latest = candidates.Max(f => f.Ts);
                var picked = features.Single(f => f.Id == row.ROW_ID);
                Assert.True(picked.Ts <= s.Ts, $"seed {seed}: spine {s} got later row {picked}");
                Assert.Equal(latest, picked.Ts);
                Assert.Equal(latest, row.FEATURE_TIMESTAMP);
                Assert.Equal((s.K1, s.K2), (picked.K1, picked.K2));
                Assert.Equal(picked.Value, row.VALUE);
                matchedRows++;
            }

            checkedRows += joined.Count;
        }

        Assert.True(checkedRows > 500 && matchedRows > 100 && ambiguousRows > 20, $"the generator should exercise enough rows: {checkedRows} checked, {matchedRows} matched, {ambiguousRows} ambiguous");
    }

#pragma warning disable IDE1006, CA1707 // column names
    private sealed class Joined
    {
        public long SPINE_ID { get; set; }
        public DateTime TS { get; set; }
        public DateTime? FEATURE_TIMESTAMP { get; set; }
        public long? ROW_ID { get; set; }
        public double? VALUE { get; set; }
    }
#pragma warning restore IDE1006, CA1707
}
