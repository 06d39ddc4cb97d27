using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Warehouse.Migrations;

namespace MlopsPortal.Core.Retraining;

public static class RetrainingMigrations
{
    public const string RunsTable = "PORTAL_TRAINING_RUNS";

    /// <summary>Training runs: the spec and, once finished, the result with both evaluations. Status and progress live in PORTAL_JOB_RUNS (same ID).</summary>
    public static readonly Migration Runs = new(550, "training runs", d =>
    {
        string text = d.TypeName(WarehouseType.Text);
        return $"""
            CREATE TABLE {d.QuoteOwn(RunsTable)} (
                ID {text} PRIMARY KEY,
                MODEL {text} NOT NULL,
                VERSION {text} NOT NULL,
                TRAINING_TABLE {text} NOT NULL,
                SPEC_JSON {text} NOT NULL,
                RESULT_JSON {text},
                CREATED_BY {text},
                CREATED_ROLE {text} NOT NULL,
                CREATED_AT {d.TypeName(WarehouseType.Timestamp)} NOT NULL
            )
            """;
    });
}
