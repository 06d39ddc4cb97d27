using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Warehouse.Migrations;

namespace MlopsPortal.Core.Alerts;

/// <summary>The alert tables (versions 400–499).</summary>
public static class AlertMigrations
{
    public const string AlertsTable = "PORTAL_ALERTS";
    public const string HistoryTable = "PORTAL_ALERT_HISTORY";

    public static readonly Migration Alerts = new(400, "alerts and their history", d =>
    {
        string text = d.TypeName(WarehouseType.Text), ts = d.TypeName(WarehouseType.Timestamp),
            i = d.TypeName(WarehouseType.Integer), b = d.TypeName(WarehouseType.Boolean);
        return $"""
            CREATE TABLE {d.QuoteOwn(AlertsTable)} (
                NAME {text} PRIMARY KEY,
                MONITOR {text} NOT NULL,
                SPEC {text} NOT NULL,
                STATE {text} NOT NULL,
                CREATED_AT {ts} NOT NULL,
                CREATED_BY {text},
                LAST_NOTIFIED_KEY {text}
            );
            CREATE TABLE {d.QuoteOwn(HistoryTable)} (
                ID {text} PRIMARY KEY,
                ALERT {text} NOT NULL,
                EVALUATED_AT {ts} NOT NULL,
                TRIGGERED_BY {text} NOT NULL,
                FIRED {b} NOT NULL,
                SUMMARY {text} NOT NULL,
                BREACHES {text} NOT NULL,
                NOTIFIED {text},
                DELIVERY {text},
                DELIVERED {b} NOT NULL,
                ATTEMPTS {i} NOT NULL
            )
            """;
    });
}
