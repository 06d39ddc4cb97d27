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
            CREATE TABLE {d.QuoteOwn(JobRunsTable)} (
                {d.QuoteOwn("id")} {text} PRIMARY KEY,
                {d.QuoteOwn("kind")} {text} NOT NULL,
                {d.QuoteOwn("title")} {text} NOT NULL,
                {d.QuoteOwn("status")} {text} NOT NULL,
                {d.QuoteOwn("progress")} {d.TypeName(WarehouseType.Double)} NOT NULL DEFAULT 0 CHECK ({d.QuoteOwn("progress")} BETWEEN 0 AND 1),
                {d.QuoteOwn("message")} {text},
                {d.QuoteOwn("error")} {text},
                {d.QuoteOwn("created_at")} {ts} NOT NULL DEFAULT CURRENT_TIMESTAMP,
                {d.QuoteOwn("started_at")} {ts},
                {d.QuoteOwn("finished_at")} {ts},
                {d.QuoteOwn("created_by")} {text}
            );
            CREATE TABLE {d.QuoteOwn(UsersTable)} (
                {d.QuoteOwn("username")} {text} PRIMARY KEY,
                {d.QuoteOwn("password_hash")} {text} NOT NULL,
                {d.QuoteOwn("role")} {text} NOT NULL,
                {d.QuoteOwn("created_at")} {ts} NOT NULL DEFAULT CURRENT_TIMESTAMP
            );
            """;
    });

    /// <summary>
    /// A security stamp per user, changed by a password change or reset and by disabling, so open cookies, tokens
    /// and circuits that carry the old stamp stop working; and the disabled flag (NULL reads as enabled).
    /// </summary>
    public static readonly Migration UserSecurityStamp = new(2, "user security stamp", d =>
        $"ALTER TABLE {d.QuoteOwn(UsersTable)} ADD COLUMN SECURITY_STAMP {d.TypeName(WarehouseType.Text)}");

    public static readonly Migration UserDisabled = new(3, "user disabled flag", d =>
        $"ALTER TABLE {d.QuoteOwn(UsersTable)} ADD COLUMN DISABLED {d.TypeName(WarehouseType.Boolean)}");
}
