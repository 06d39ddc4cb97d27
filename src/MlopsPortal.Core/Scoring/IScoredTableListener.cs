namespace MlopsPortal.Core.Scoring;

/// <summary>Told when a scoring run has published rows into a table (monitors of that table refresh).</summary>
public interface IScoredTableListener
{
    Task OnTableWrittenAsync(string table, CancellationToken ct);
}
