using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Warehouse.Migrations;

namespace MlopsPortal.Core.Settings;

public static class SettingsMigrations
{
    public const string Table = "PORTAL_SETTINGS";

    /// <summary>Settings entered in the portal (SMTP, S3 keys); secret values are stored encrypted (PROTECTED = true).</summary>
    public static readonly Migration Settings = new(600, "portal settings", d =>
    {
        string text = d.TypeName(WarehouseType.Text);
        return $"""
            CREATE TABLE {d.QuoteOwn(Table)} (
                SECTION {text} NOT NULL,
                NAME {text} NOT NULL,
                VALUE {text} NOT NULL,
                PROTECTED {d.TypeName(WarehouseType.Boolean)} NOT NULL,
                UPDATED_BY {text},
                UPDATED_AT {d.TypeName(WarehouseType.Timestamp)} NOT NULL,
                PRIMARY KEY (SECTION, NAME)
            )
            """;
    });
}
