namespace MlopsPortal.Core.Warehouse.Migrations;

/// <summary>
/// Every migration of the portal's own tables. Features add their entries here (one line each, the SQL in
/// the feature's own folder). Version blocks per feature keep parallel work from colliding:
/// 1–99 foundation (jobs, users), 100–199 registry, 200–299 scoring, 300–399 monitoring,
/// 400–499 alerts, 500–599 retraining and feature store, 600+ anything else.
/// </summary>
public static class PortalMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        FoundationMigrations.JobRunsAndUsers,
        FoundationMigrations.UserSecurityStamp,
        FoundationMigrations.UserDisabled,
        Registry.RegistryMigrations.Tables,
        Registry.RegistryMigrations.WriteStamps,
        Scoring.ScoringMigrations.Runs,
        Scoring.ScoringMigrations.Schedules,
        Scoring.ScoringMigrations.RunOrder,
        Monitoring.Monitors.MonitoringMigrations.Monitors,
        Monitoring.Monitors.MonitoringMigrations.Thresholds,
        Alerts.AlertMigrations.Alerts,
        FeatureStore.FeatureStoreMigrations.Tables,
        Retraining.RetrainingMigrations.Runs,
        Settings.SettingsMigrations.Settings,
    ];
}
