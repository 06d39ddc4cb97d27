namespace MlopsPortal.Core.Registry;

/// <summary>One line of a model's append-only audit log.</summary>
/// <param name="Seq">1, 2, 3… within the model.</param>
/// <param name="Alias">The alias moved, when the action is about an alias.</param>
/// <param name="From">The version that held the alias before (or the old value), null when none.</param>
/// <param name="To">The version that holds it after, null when unset.</param>
public sealed record AuditEntry(
    string Model,
    long Seq,
    DateTime At,
    string User,
    string Action,
    string? Alias,
    string? From,
    string? To,
    string? Reason)
{
    /// <summary>Alias changes can be rolled back: the alias goes back to <see cref="From"/> (or is unset when there was none).</summary>
    public bool CanRollback => Alias is not null && AuditActions.IsAliasChange(Action);
}

public static class AuditActions
{
    public const string ImportVersion = "IMPORT_VERSION";
    public const string UpdateModel = "UPDATE_MODEL";
    public const string UpdateVersion = "UPDATE_VERSION";
    public const string SetAlias = "SET_ALIAS";
    public const string MoveAlias = "MOVE_ALIAS";
    public const string UnsetAlias = "UNSET_ALIAS";
    public const string Rollback = "ROLLBACK";

    public static bool IsAliasChange(string action) => action is SetAlias or MoveAlias or UnsetAlias or Rollback;
}

/// <summary>What an alias change did. <see cref="Displaced"/> is the alias the target version carried before, now unset.</summary>
public sealed record AliasChange(string Model, string Alias, string? From, string? To, string? Displaced, AuditEntry Audit);
