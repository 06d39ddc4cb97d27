using MlopsPortal.Core.Registry;

namespace MlopsPortal.Infrastructure.Tests.Registry;

public sealed class ConcurrencyTests : IAsyncLifetime
{
    private readonly RegistryBed _bed = new();
    private const string M = RegistryBed.Model;

    public async ValueTask InitializeAsync()
    {
        await _bed.InitializeAsync();
        await _bed.SeedAsync("V1", "V2", "V3");
    }

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    [Fact]
    public async Task Twenty_concurrent_moves_of_production_leave_one_holder_and_twenty_audit_rows()
    {
        using var start = new ManualResetEventSlim();
        var moves = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            start.Wait(TestContext.Current.CancellationToken);
            return await _bed.Service.SetAliasAsync(M, "PRODUCTION", $"V{i % 3 + 1}", $"move {i}");
        })).ToList();
        start.Set();
        var changes = await Task.WhenAll(moves);

        Assert.Equal(1, await _bed.CountAsync(RegistrySchema.Aliases, "ALIAS_NAME = 'PRODUCTION'"));
        var audit = (await _bed.Service.GetAuditAsync(M)).Where(e => e.Alias == "PRODUCTION").ToList();
        Assert.Equal(20, audit.Count);
        Assert.Equal(20, audit.Select(e => e.Seq).Distinct().Count());
        // the audit is a chain: each move starts where the one before it ended
        for (var i = 1; i < audit.Count; i++)
            Assert.Equal(audit[i - 1].To, audit[i].From);
        Assert.Equal(audit[^1].To, (await _bed.Service.GetModelAsync(M)).Aliases["PRODUCTION"]);
        Assert.Equal(20, changes.Select(c => c.Audit.Seq).Distinct().Count());
    }
}
