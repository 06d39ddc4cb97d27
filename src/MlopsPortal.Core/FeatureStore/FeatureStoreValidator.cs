using MlopsPortal.Core.Common;
using MlopsPortal.Core.Alerts;
using MlopsPortal.Core.Monitoring.Monitors;
using MlopsPortal.Core.Warehouse;

namespace MlopsPortal.Core.FeatureStore;

/// <summary>Shape checks of entities and feature views; each message names what is wrong.</summary>
public static class FeatureStoreValidator
{
    public static void Validate(EntitySpec entity)
    {
        PlainName(entity.Name, "Entity name");
        if (entity.JoinKeys is null || entity.JoinKeys.Count == 0)
            throw new PortalValidationException($"Entity {entity.Name} needs at least one join key.");
        foreach (var key in entity.JoinKeys)
            Identifier.Validate(key, $"join key of entity {entity.Name}");
    }

    /// <summary>Validates the view and returns its schedule as a cron expression (accepts cron or '1 day', 'daily', 'hourly').</summary>
    public static string Validate(FeatureViewSpec view)
    {
        PlainName(view.Name, "Feature view name");
        if (view.Version < 1)
            throw new PortalValidationException($"Feature view {view.Name}: version must be 1 or more, not {view.Version}.");
        if (view.Entities is null || view.Entities.Count == 0)
            throw new PortalValidationException($"Feature view {view.Name} needs at least one entity.");
        Identifier.Validate(view.TimestampColumn, $"timestamp column of feature view {view.Name}");
        var hasSource = !string.IsNullOrWhiteSpace(view.SourceTable);
        var hasRecipe = !string.IsNullOrWhiteSpace(view.Recipe);
        if (hasSource == hasRecipe)
            throw new PortalValidationException($"Feature view {view.Name} reads either a source table or a recipe's output: give exactly one of sourceTable and recipe.");
        if (hasSource)
            Identifier.Validate(view.SourceTable, $"source table of feature view {view.Name}");
        foreach (var f in view.Features ?? [])
        {
            if (!FeaturePattern.IsPattern(f))
                Identifier.Validate(f, $"feature column of feature view {view.Name}");
            else if (!FeaturePattern.IsValid(f))
                throw new PortalValidationException($"Feature pattern '{f}' of feature view {view.Name} is not valid: use letters, digits, '_' and '*'.");
        }
        foreach (var f in view.Exclude ?? [])
            Identifier.Validate(f, $"excluded column of feature view {view.Name}");
        return ScheduleCron(view.Schedule);
    }

    /// <summary>'daily', 'hourly', a Snowflake-style interval ('1 day') or a 5-field cron, as cron.</summary>
    public static string ScheduleCron(string? schedule)
    {
        var s = (schedule ?? "").Trim();
        switch (s.ToLowerInvariant())
        {
            case "" or "daily": return "0 0 * * *";
            case "hourly": return "0 * * * *";
            case "weekly": return "0 0 * * 1";
        }

        if (CronSchedule.Validate(s) is null)
            return s;
        try
        {
            return RefreshIntervals.ToCron(s);
        }
        catch (PortalValidationException)
        {
            throw new PortalValidationException($"Schedule '{schedule}' is neither a cron expression ('0 0 * * *') nor an interval ('1 day', 'daily', 'hourly').");
        }
    }

    private static void PlainName(string? name, string what)
    {
        // No '$' here: the materialized table is NAME$VERSION, so the name itself must not hold one.
        if (!Identifier.IsValid(name) || name!.Contains('$', StringComparison.Ordinal))
            throw new PortalValidationException($"{what} '{name}' is not valid: use letters, digits and '_', starting with a letter or '_'.");
    }
}
