using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Warehouse.Migrations;

namespace MlopsPortal.Core.Scoring;

public static class ScoringMigrations
{
    public const string RunsTable = "PORTAL_SCORING_RUNS";

    /// <summary>Scoring runs: the spec, the version actually used and the outcome. Status and progress live in PORTAL_JOB_RUNS (same ID).</summary>
    public static readonly Migration Runs = new(200, "scoring runs", d =>
    {
        string text = d.TypeName(WarehouseType.Text), big = d.TypeName(WarehouseType.Integer);
        return $"""
            CREATE TABLE {d.QuoteOwn(RunsTable)} (
                ID {text} PRIMARY KEY,
                MODEL {text} NOT NULL,
                VERSION_OR_ALIAS {text} NOT NULL,
                RESOLVED_VERSION {text},
                SOURCE_TABLE {text} NOT NULL,
                OUTPUT_TABLE {text} NOT NULL,
                SPEC_JSON {text} NOT NULL,
                EXECUTION {text} NOT NULL,
                ROWS_WRITTEN {big},
                UNSEEN_JSON {text},
                CREATED_BY {text},
                CREATED_ROLE {text} NOT NULL,
                CREATED_AT {d.TypeName(WarehouseType.Timestamp)} NOT NULL
            )
            """;
    });

    public const string SchedulesTable = "PORTAL_SCORING_SCHEDULES";

    /// <summary>Recurring scoring runs: the spec as written (an alias stays an alias), the cron and who owns it.</summary>
    public static readonly Migration Schedules = new(201, "scoring schedules", d =>
    {
        string text = d.TypeName(WarehouseType.Text), at = d.TypeName(WarehouseType.Timestamp);
        return $"""
            CREATE TABLE {d.QuoteOwn(SchedulesTable)} (
                NAME {text} PRIMARY KEY,
                CRON {text} NOT NULL,
                TIME_ZONE {text} NOT NULL,
                SPEC_JSON {text} NOT NULL,
                PAUSED {d.TypeName(WarehouseType.Boolean)} NOT NULL,
                OWNER {text} NOT NULL,
                OWNER_ROLE {text} NOT NULL,
                CREATED_AT {at} NOT NULL,
                LAST_RUN_ID {text},
                LAST_FIRED_AT {at}
            )
            """;
    });

    /// <summary>
    /// Submission order per output table: runs that write the same output apply one at a time in this order, and the
    /// order lives in the warehouse (not in one portal's memory), so every portal instance sharing the queue agrees.
    /// </summary>
    public static readonly Migration RunOrder = new(205, "scoring run order per output", d =>
        $"ALTER TABLE {d.QuoteOwn(RunsTable)} ADD COLUMN OUTPUT_SEQ {d.TypeName(WarehouseType.Integer)}");
}
