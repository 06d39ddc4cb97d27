using System.ComponentModel.DataAnnotations;

namespace MlopsPortal.Infrastructure.Jobs;

/// <summary>Section <c>Jobs</c>: where Hangfire keeps its queue (<see cref="JobStorageFactory"/>).</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary><c>Sqlite</c> (the default, a file in the data directory) or <c>PostgreSql</c> (several instances).</summary>
    [RegularExpression("(?i)^(sqlite|postgresql|postgres)$", ErrorMessage = "use 'Sqlite' (the default) or 'PostgreSql'.")]
    public string Storage { get; set; } = "Sqlite";

    public bool UsesPostgreSql => !Storage.Equals("Sqlite", StringComparison.OrdinalIgnoreCase);
}
