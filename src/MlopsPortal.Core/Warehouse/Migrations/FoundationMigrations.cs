namespace MlopsPortal.Core.Warehouse.Migrations;

/// <summary>The portal's first tables: job runs (the Jobs page) and local user accounts.</summary>
public static class FoundationMigrations
{
    public const string JobRunsTable = "PORTAL_JOB_RUNS";
    public const string UsersTable = "PORTAL_USERS";

    public static readonly Migration JobRunsAndUsers = new(1, "job runs and users", d =>
    {
        string text = d.TypeName(WarehouseType.Text), ts = d.TypeName(WarehouseType.Timestamp);
        return $"""
            CREATE TABLE {d.Quote(JobRunsTable)} (
                {d.Quote("id")} {text} PRIMARY KEY,
                {d.Quote("kind")} {text} NOT NULL,
                {d.Quote("title")} {text} NOT NULL,
                {d.Quote("status")} {text} NOT NULL,
                {d.Quote("progress")} {d.TypeName(WarehouseType.Double)} NOT NULL DEFAULT 0 CHECK ({d.Quote("progress")} BETWEEN 0 AND 1),
                {d.Quote("message")} {text},
                {d.Quote("error")} {text},
                {d.Quote("created_at")} {ts} NOT NULL DEFAULT CURRENT_TIMESTAMP,
                {d.Quote("started_at")} {ts},
                {d.Quote("finished_at")} {ts},
                {d.Quote("created_by")} {text}
            );
            CREATE TABLE {d.Quote(UsersTable)} (
                {d.Quote("username")} {text} PRIMARY KEY,
                {d.Quote("password_hash")} {text} NOT NULL,
                {d.Quote("role")} {text} NOT NULL,
                {d.Quote("created_at")} {ts} NOT NULL DEFAULT CURRENT_TIMESTAMP
            );
            """;
    });

    /// <summary>
    /// A security stamp per user, changed by a password change or reset and by disabling, so open cookies, tokens
    /// and circuits that carry the old stamp stop working; and the disabled flag (NULL reads as enabled).
    /// </summary>
    public static readonly Migration UserSecurityStamp = new(2, "user security stamp", d =>
        $"ALTER TABLE {d.Quote(UsersTable)} ADD COLUMN SECURITY_STAMP {d.TypeName(WarehouseType.Text)}");

    public static readonly Migration UserDisabled = new(3, "user disabled flag", d =>
        $"ALTER TABLE {d.Quote(UsersTable)} ADD COLUMN DISABLED {d.TypeName(WarehouseType.Boolean)}");
}
