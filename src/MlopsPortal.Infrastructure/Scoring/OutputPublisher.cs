using MlopsPortal.Core.Common;
using MlopsPortal.Core.Scoring;
using MlopsPortal.Core.Warehouse;
using MlopsPortal.Infrastructure.Warehouse;
using MlopsPortal.Infrastructure.Warehouse.Embedded;

namespace MlopsPortal.Infrastructure.Scoring;

/// <summary>
/// Moves a scoring run's finished staging table into its output, never leaving the output half-written or missing:
/// <list type="bullet">
/// <item>overwrite (or a new output): one atomic swap or rename (<see cref="TablePublisher"/>);</item>
/// <item>append: this run's earlier rows deleted and the staging rows inserted in ONE transaction, so a retried run
/// id lands once (on Snowflake the two statements travel as one BEGIN…COMMIT request);</item>
/// <item>replace where the filter matches: the matching rows deleted and the new ones inserted in one transaction.</item>
/// </list>
/// Inserts name their columns (no <c>BY NAME</c>, which Snowflake lacks), so the output's column order may differ.
/// </summary>
internal static class OutputPublisher
{
    public static async Task PublishAsync(IWarehouse warehouse, ScoringRunSpec spec, string staging, Guid runId, CancellationToken ct)
    {
        var d = warehouse.Dialect;
        var output = await warehouse.DescribeTableAsync(spec.Output, ct);
        if (output is null || spec.Mode == WriteMode.Overwrite)
        {
            await TablePublisher.ReplaceAsync(warehouse, staging, spec.Output, ct, outputExists: output is not null);
            return;
        }
        var staged = await warehouse.DescribeTableAsync(staging, ct) ?? throw new InvalidOperationException("staging table vanished");
        RequireCompatible(output, staged);
        var columns = string.Join(", ", staged.Columns.Select(c => d.Quote(c.Name)));
        Func<IWarehouseSession, Task<int>> publish = async s =>
        {
            if (spec.Mode == WriteMode.Append)
            {
                await s.ExecuteAsync($"DELETE FROM {d.Quote(output.Name)} WHERE {ScoringPlan.RunIdColumn} = $run", new { run = runId.ToString() }, ct);
            }
            else
            {
                var (where, parameters) = FilterSql.Build(spec.Filter, output, d, "r");
                await s.ExecuteAsync($"DELETE FROM {d.Quote(output.Name)} {where}", parameters, ct);
            }
            await s.ExecuteAsync($"INSERT INTO {d.Quote(output.Name)} ({columns}) SELECT {columns} FROM {d.Quote(staging)}", ct: ct);
            return 0;
        };
        // A table's rows have no order: the embedded warehouse copies them faster when it need not keep one.
        await (warehouse is DuckDbWarehouse duck ? duck.InUnorderedTransactionAsync(publish, ct) : warehouse.InTransactionAsync(publish, ct));
    }

    private static void RequireCompatible(TableInfo output, TableInfo staging)
    {
        var missing = staging.Columns.Where(c => output.Column(c.Name) is null).Select(c => c.Name).ToList();
        if (missing.Count > 0)
            throw new PortalValidationException(
                $"Output table {output.Name} lacks the columns {string.Join(", ", missing)} this run writes; use overwrite or another output table.");
    }
}
