namespace MlopsPortal.Infrastructure.Registry;

/// <summary>Row shapes of the registry tables, as Dapper maps them (column names are upper case).</summary>
internal sealed class ModelRow
{
    public string MODEL_NAME { get; set; } = "";
    public string? COMMENT { get; set; }
    public string? TAGS { get; set; }
    public string OWNER { get; set; } = "";
    public DateTime CREATED_AT { get; set; }
    public string? DEFAULT_VERSION { get; set; }
}

internal sealed class VersionRow
{
    public string MODEL_NAME { get; set; } = "";
    public string VERSION_NAME { get; set; } = "";
    public long SEQ { get; set; }
    public string? COMMENT { get; set; }
    public string? METRICS { get; set; }
    public string TASK { get; set; } = "";
    public string SIGNATURE { get; set; } = "[]";
    public string PREPROCESSING { get; set; } = "{}";
    public string SOURCE_KIND { get; set; } = "";
    public string? SOURCE_URI { get; set; }
    public string ARTIFACT_FORMAT { get; set; } = "";
    public string ARTIFACT_SHA256 { get; set; } = "";
    public long ARTIFACT_BYTES { get; set; }
    public string ARTIFACT_FILE { get; set; } = "";
    public string CREATED_BY { get; set; } = "";
    public DateTime CREATED_AT { get; set; }
}

internal sealed class AliasRow
{
    public string MODEL_NAME { get; set; } = "";
    public string ALIAS_NAME { get; set; } = "";
    public string VERSION_NAME { get; set; } = "";
}

internal sealed class AuditRow
{
    public string MODEL_NAME { get; set; } = "";
    public long SEQ { get; set; }
    public DateTime CHANGED_AT { get; set; }
    public string USER_NAME { get; set; } = "";
    public string ACTION { get; set; } = "";
    public string? ALIAS_NAME { get; set; }
    public string? FROM_VERSION { get; set; }
    public string? TO_VERSION { get; set; }
    public string? REASON { get; set; }
}
