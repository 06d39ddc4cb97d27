using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.Registry;

/// <summary>The registry's tables. JSON columns (tags, metrics, signature, preprocessing) are text.</summary>
public static class RegistrySchema
{
    public const string Models = "PORTAL_MODELS";
    public const string Versions = "PORTAL_MODEL_VERSIONS";
    public const string Aliases = "PORTAL_MODEL_ALIASES";
    public const string Audit = "PORTAL_MODEL_AUDIT";

    /// <summary>
    /// An alias names one version within its model (primary key on model and alias). Alias moves update VERSION_NAME in
    /// place, so no unique index sits on a column a move changes.
    /// </summary>
    public static string CreateTables(ISqlDialect d)
    {
        string text = d.TypeName(WarehouseType.Text), ts = d.TypeName(WarehouseType.Timestamp), big = d.TypeName(WarehouseType.Integer);
        return $"""
            CREATE TABLE {d.QuoteOwn(Models)} (
                MODEL_NAME {text} NOT NULL PRIMARY KEY,
                COMMENT {text},
                TAGS {text},
                OWNER {text} NOT NULL,
                CREATED_AT {ts} NOT NULL,
                DEFAULT_VERSION {text}
            );
            CREATE TABLE {d.QuoteOwn(Versions)} (
                MODEL_NAME {text} NOT NULL,
                VERSION_NAME {text} NOT NULL,
                SEQ {big} NOT NULL,
                COMMENT {text},
                METRICS {text},
                TASK {text} NOT NULL,
                SIGNATURE {text} NOT NULL,
                PREPROCESSING {text} NOT NULL,
                SOURCE_KIND {text} NOT NULL,
                SOURCE_URI {text},
                ARTIFACT_FORMAT {text} NOT NULL,
                ARTIFACT_SHA256 {text} NOT NULL,
                ARTIFACT_BYTES {big} NOT NULL,
                ARTIFACT_FILE {text} NOT NULL,
                CREATED_BY {text} NOT NULL,
                CREATED_AT {ts} NOT NULL,
                PRIMARY KEY (MODEL_NAME, VERSION_NAME)
            );
            CREATE TABLE {d.QuoteOwn(Aliases)} (
                MODEL_NAME {text} NOT NULL,
                ALIAS_NAME {text} NOT NULL,
                VERSION_NAME {text} NOT NULL,
                SET_BY {text} NOT NULL,
                SET_AT {ts} NOT NULL,
                PRIMARY KEY (MODEL_NAME, ALIAS_NAME)
            );
            CREATE TABLE {d.QuoteOwn(Audit)} (
                MODEL_NAME {text} NOT NULL,
                SEQ {big} NOT NULL,
                CHANGED_AT {ts} NOT NULL,
                USER_NAME {text} NOT NULL,
                ACTION {text} NOT NULL,
                ALIAS_NAME {text},
                FROM_VERSION {text},
                TO_VERSION {text},
                REASON {text},
                PRIMARY KEY (MODEL_NAME, SEQ)
            )
            """;
    }
}

/// <summary>The registry's migrations (versions 100–199).</summary>
public static class RegistryMigrations
{
    public static readonly Warehouse.Migrations.Migration Tables = new(100, "model registry", RegistrySchema.CreateTables);

    /// <summary>
    /// Optimistic concurrency across instances: each write claims the model row's stamp and writes it on its audit
    /// rows (see WarehouseRegistryStore). Snowflake enforces no primary key, so the keys alone cannot hold the line.
    /// </summary>
    public static readonly Warehouse.Migrations.Migration WriteStamps = new(101, "registry write stamps", d =>
        $"ALTER TABLE {d.QuoteOwn(RegistrySchema.Models)} ADD COLUMN WRITE_STAMP {d.TypeName(WarehouseType.Text)};\n" +
        $"ALTER TABLE {d.QuoteOwn(RegistrySchema.Audit)} ADD COLUMN WRITE_STAMP {d.TypeName(WarehouseType.Text)}");
}
