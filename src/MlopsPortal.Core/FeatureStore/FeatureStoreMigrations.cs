using MlopsPortal.Core.Warehouse;
using MlopsPortal.Core.Warehouse.Migrations;

namespace MlopsPortal.Core.FeatureStore;

/// <summary>Recipes, entities, feature views and training uses (versions 500–549).</summary>
public static class FeatureStoreMigrations
{
    public const string RecipesTable = "PORTAL_RECIPES";
    public const string EntitiesTable = "PORTAL_FS_ENTITIES";
    public const string ViewsTable = "PORTAL_FS_VIEWS";
    public const string TrainingUsesTable = "PORTAL_FS_TRAINING_USES";

    public static readonly Migration Tables = new(500, "retraining recipes and the feature store", d =>
    {
        string text = d.TypeName(WarehouseType.Text), ts = d.TypeName(WarehouseType.Timestamp), i = d.TypeName(WarehouseType.Integer);
        return $"""
            CREATE TABLE {d.QuoteOwn(RecipesTable)} (
                NAME {text} PRIMARY KEY,
                SPEC {text} NOT NULL,
                UPDATED_AT {ts} NOT NULL,
                UPDATED_BY {text},
                LAST_RUN_AT {ts},
                LAST_RUN_ROWS {i}
            );
            CREATE TABLE {d.QuoteOwn(EntitiesTable)} (
                NAME {text} PRIMARY KEY,
                SPEC {text} NOT NULL,
                CREATED_AT {ts} NOT NULL,
                CREATED_BY {text}
            );
            CREATE TABLE {d.QuoteOwn(ViewsTable)} (
                TABLE_NAME {text} PRIMARY KEY,
                NAME {text} NOT NULL,
                VERSION {i} NOT NULL,
                SPEC {text} NOT NULL,
                CREATED_AT {ts} NOT NULL,
                CREATED_BY {text},
                REFRESHED_AT {ts},
                ROWS_MATERIALIZED {i}
            );
            CREATE TABLE {d.QuoteOwn(TrainingUsesTable)} (
                VIEW_TABLE {text} NOT NULL,
                MODEL {text} NOT NULL,
                VERSION {text} NOT NULL,
                TRAINING_SET {text},
                RECORDED_AT {ts} NOT NULL,
                RECORDED_BY {text}
            )
            """;
    });
}
