using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Snowflake;

namespace MlopsPortal.Infrastructure.Warehouse;

/// <summary>
/// Publishes a fully built staging table as an output in ONE atomic step, so a crash at any moment leaves either the
/// old output or the new one, whole. On Snowflake DDL commits at once (a DROP then a RENAME could lose the output
/// between them), so an existing output is exchanged with <c>ALTER TABLE … SWAP WITH …</c> and a new one is the
/// staging table renamed; the staging table then holds the old rows and the caller drops it. DuckDB's DDL is
/// transactional, so there the DROP and RENAME run in one transaction.
/// </summary>
public static class TablePublisher
{
    /// <param name="outputExists">Whether the output exists, when the caller has just looked; null to look here.</param>
    public static async Task ReplaceAsync(IWarehouse warehouse, string staging, string output, CancellationToken ct, bool? outputExists = null)
    {
        var d = warehouse.Dialect;
        if (!d.TransactionalDdl)
        {
            var exists = outputExists ?? await warehouse.DescribeTableAsync(output, ct) is not null;
            await warehouse.ExecuteAsync(exists ? SnowflakeStatements.Swap(output, staging) : SnowflakeStatements.Rename(staging, output), ct: ct);
            return;
        }
        await warehouse.InTransactionAsync(async s =>
        {
            await s.ExecuteAsync($"DROP TABLE IF EXISTS {d.Quote(output)}", ct: ct);
            return await s.ExecuteAsync($"ALTER TABLE {d.Quote(staging)} RENAME TO {d.Quote(output)}", ct: ct);
        }, ct);
    }
}
