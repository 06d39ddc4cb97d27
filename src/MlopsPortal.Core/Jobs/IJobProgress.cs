namespace MlopsPortal.Core.Jobs;

/// <summary>Handed to a running job: report how far it got; cancellation arrives through the token.</summary>
public interface IJobProgress
{
    Guid RunId { get; }

    /// <summary><paramref name="fraction"/> in 0..1; reports are throttled by the implementation.</summary>
    ValueTask ReportAsync(double fraction, string? message = null);
}
