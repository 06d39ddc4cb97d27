using MlopsPortal.Core.Registry;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.Security;
using MlopsPortal.Infrastructure.Registry;
using MlopsPortal.Infrastructure.Scoring.Schedules;
using MlopsPortal.Infrastructure.Tests.Scoring;

namespace MlopsPortal.Infrastructure.Tests.Registry;

/// <summary>
/// Issue 14 item 4: moving PRODUCTION from V1 to V2 (trained through the lab's recipe, so it reads fewer columns) warns,
/// names the differences and the alias-bound schedules that would break, changes nothing until confirmed, and then
/// moves with exactly one audit row.
/// </summary>
public sealed class AliasMoveCheckTests
{
    [Fact]
    public async Task Moving_PRODUCTION_to_a_version_with_other_inputs_needs_confirmation_and_names_schedules_that_break()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bed = await ScoringBed.CreateAsync();
        await RecipeScoringTests.TrainV2FromLabRecipeAsync(bed, ct);
        var schedules = new ScoringScheduleStore(bed.Warehouse);
        var registry = new RegistryService(new WarehouseRegistryStore(bed.Warehouse),
            new FileArtifactStore(Path.Combine(Path.GetTempPath(), "mlops-alias-" + Guid.NewGuid().ToString("N"))), new TreesArtifactReader(),
            new ArtifactFetcher(new RegistryOptions()), bed.User, bindings: new ScheduleAliasBindingCheck(schedules, bed.Warehouse));
        bed.User.Act("admin", Role.Admin);
        await registry.SetAliasAsync(ScoringBed.Model, AliasRules.Production, "V1", "lab", ct); // nothing held it: no question

        // Two weekly schedules score PRODUCTION: the raw table (V2 reads it through its recipe) and one whose purpose is a number code.
        await bed.Warehouse.ExecuteAsync(
            $"CREATE TABLE PURPOSE_CODES AS SELECT * REPLACE (LENGTH(LOAN_PURPOSE_NAME) AS LOAN_PURPOSE_NAME) FROM {ScoringBed.Source}", ct: ct);
        foreach (var (name, source) in new[] { ("WEEKLY_RAW", ScoringBed.Source), ("WEEKLY_CODES", "PURPOSE_CODES") })
            await schedules.CreateAsync(new ScoringSchedule(name, "0 9 * * 1", "UTC",
                new ScoringRunSpec { Model = ScoringBed.Model, Alias = AliasRules.Production, Source = source, Output = name + "_OUT" },
                false, bed.User.Principal!, DateTime.UtcNow, null, null), ct);
        var auditBefore = (await registry.GetAuditAsync(ScoringBed.Model, ct)).Count;

        var check = await registry.CheckAliasMoveAsync(ScoringBed.Model, "production", "v2", ct);
        Assert.True(check.NeedsConfirmation);
        Assert.Equal(("V1", "V2"), (check.From, check.To));
        // V1 (the SageMaker artifact) reads WEEK, LOAN_ID, incomes, amounts, the purpose and the county; V2 the purpose, incomes, amounts.
        Assert.Equal(["COUNTY_NAME (category)", "LOAN_ID (number)", "WEEK (number)"], check.Changes.Missing.Order(StringComparer.Ordinal));
        Assert.Empty(check.Changes.Added);
        Assert.Empty(check.Changes.Retyped);
        var raw = Assert.Single(check.Bindings, b => b.Name == "WEEKLY_RAW");
        Assert.False(raw.Breaks, raw.Detail);
        var codes = Assert.Single(check.Bindings, b => b.Name == "WEEKLY_CODES");
        Assert.True(codes.Breaks);
        Assert.Contains("LOAN_PURPOSE_NAME", codes.Detail);

        var refused = await Assert.ThrowsAsync<AliasMoveUnconfirmedException>(() =>
            registry.SetAliasAsync(ScoringBed.Model, AliasRules.Production, "V2", "better on recent data", ct));
        Assert.Contains("COUNTY_NAME (category)", refused.Message);
        Assert.Contains("WEEKLY_CODES", refused.Message);
        Assert.Equal("V1", await registry.ResolveAsync(ScoringBed.Model, AliasRules.Production, ct));
        Assert.Equal(auditBefore, (await registry.GetAuditAsync(ScoringBed.Model, ct)).Count);

        var moved = await registry.SetAliasAsync(ScoringBed.Model, AliasRules.Production, "V2", "better on recent data", confirmed: true, ct);
        Assert.Equal(("V1", "V2"), (moved.From, moved.To));
        Assert.Equal("V2", await registry.ResolveAsync(ScoringBed.Model, AliasRules.Production, ct));
        var audit = await registry.GetAuditAsync(ScoringBed.Model, ct);
        Assert.Equal(auditBefore + 1, audit.Count);
        Assert.Equal(("V1", "V2", "better on recent data"), (audit[^1].From, audit[^1].To, audit[^1].Reason));

        // A move to the version the alias already names, or a fresh alias, asks nothing.
        Assert.False((await registry.CheckAliasMoveAsync(ScoringBed.Model, AliasRules.Production, "V2", ct)).NeedsConfirmation);
        Assert.False((await registry.CheckAliasMoveAsync(ScoringBed.Model, "CHALLENGER", "V1", ct)).NeedsConfirmation);

        // The lab's way: DECOMMISSIONED on the holder frees PRODUCTION (a version holds one alias); putting PRODUCTION on a
        // version with other inputs still asks, compared with its last holder.
        await registry.SetAliasAsync(ScoringBed.Model, "DECOMMISSIONED", "V2", "retired", ct);
        Assert.False((await registry.GetModelAsync(ScoringBed.Model, ct)).Aliases.ContainsKey(AliasRules.Production));
        var freed = await registry.CheckAliasMoveAsync(ScoringBed.Model, AliasRules.Production, "V1", ct);
        Assert.True(freed.NeedsConfirmation);
        Assert.Equal(("V2", "V1"), (freed.From, freed.To));
        Assert.Contains("COUNTY_NAME (category)", freed.Changes.Added);
        await Assert.ThrowsAsync<AliasMoveUnconfirmedException>(() => registry.SetAliasAsync(ScoringBed.Model, AliasRules.Production, "V1", "rollback", ct));
    }
}
