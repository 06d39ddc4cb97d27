using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Demo;

/// <summary>
/// Creates and fills the demo tables (INFERENCEMORTGAGEDATA, NEWTRAININGDATA) that the warehouse does not have yet,
/// each in one transaction. Tables that exist are left alone, so running it again changes nothing.
/// </summary>
public sealed class DemoSeeder(IWarehouse warehouse)
{
    /// <summary>Returns the tables it created (empty when both already existed).</summary>
    public async Task<IReadOnlyList<string>> SeedIfEmptyAsync(
        ulong seed = DemoDataGenerator.DefaultSeed, CancellationToken ct = default)
    {
        var created = new List<string>();
        foreach (var table in Enum.GetValues<DemoTable>())
        {
            var name = DemoSchema.TableName(table);
            if (await warehouse.DescribeTableAsync(name, ct) is not null)
                continue;
            var d = warehouse.Dialect;
            var ddl = $"CREATE TABLE {d.Quote(name)} ({string.Join(", ", DemoSchema.Columns.Select(c => $"{d.Quote(c.Name)} {d.TypeName(c.Type)}"))})";
            await warehouse.InTransactionAsync(async session =>
            {
                await session.ExecuteAsync(ddl, ct: ct);
                return await session.BulkAppendAsync(name, DemoDataGenerator.Generate(table, seed: seed), ct);
            }, ct);
            created.Add(name);
        }
        return created;
    }
}
