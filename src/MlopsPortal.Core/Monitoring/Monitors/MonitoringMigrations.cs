using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Warehouse.Migrations;

namespace MlopsPortal.Core.Monitoring.Monitors;

/// <summary>The monitoring tables (versions 300–399).</summary>
public static class MonitoringMigrations
{
    public const string MonitorsTable = "PORTAL_MONITORS";
    public const string MetricsTable = "PORTAL_MONITOR_METRICS";
    public const string WindowsTable = "PORTAL_MONITOR_WINDOWS";

    public static readonly Migration Monitors = new(300, "model monitors and their metrics", d =>
    {
        string text = d.TypeName(WarehouseType.Text), ts = d.TypeName(WarehouseType.Timestamp),
            i = d.TypeName(WarehouseType.Integer), dbl = d.TypeName(WarehouseType.Double);
        return $"""
            CREATE TABLE {d.QuoteOwn(MonitorsTable)} (
                NAME {text} PRIMARY KEY,
                MODEL {text} NOT NULL,
                VERSION {text} NOT NULL,
                SPEC {text} NOT NULL,
                STATE {text} NOT NULL,
                CREATED_AT {ts} NOT NULL,
                CREATED_BY {text},
                LAST_REFRESH_AT {ts},
                LAST_REFRESH_MESSAGE {text},
                REFRESH_CONTEXT {text},
                UNIQUE (MODEL, VERSION)
            );
            CREATE TABLE {d.QuoteOwn(MetricsTable)} (
                MONITOR {text} NOT NULL,
                WINDOW_START {ts} NOT NULL,
                SEGMENT_COLUMN {text} NOT NULL,
                SEGMENT_VALUE {text} NOT NULL,
                METRIC {text} NOT NULL,
                COLUMN_NAME {text} NOT NULL,
                VALUE {dbl},
                COUNT_USED {i} NOT NULL
            );
            CREATE TABLE {d.QuoteOwn(WindowsTable)} (
                MONITOR {text} NOT NULL,
                WINDOW_START {ts} NOT NULL,
                ROW_COUNT {i} NOT NULL,
                CHECKSUM {i} NOT NULL,
                PRIMARY KEY (MONITOR, WINDOW_START)
            )
            """;
    });

    public const string ThresholdsTable = "PORTAL_MONITOR_THRESHOLDS";

    /// <summary>Drift thresholds set on a monitor, per metric and optionally per column ('' = every column).</summary>
    public static readonly Migration Thresholds = new(301, "monitor drift thresholds", d =>
    {
        string text = d.TypeName(WarehouseType.Text);
        return $"""
            CREATE TABLE {d.QuoteOwn(ThresholdsTable)} (
                MONITOR {text} NOT NULL,
                METRIC {text} NOT NULL,
                COLUMN_NAME {text} NOT NULL,
                VALUE {d.TypeName(WarehouseType.Double)} NOT NULL,
                SET_BY {text},
                SET_AT {d.TypeName(WarehouseType.Timestamp)} NOT NULL,
                PRIMARY KEY (MONITOR, METRIC, COLUMN_NAME)
            )
            """;
    });
}
