namespace MlopsPortal.Core.Monitoring;

/// <summary>
/// Rows of one window sharing one prediction score, split by actual class: what
/// <c>SELECT score, SUM(actual)::BIGINT, SUM(1 - actual)::BIGINT … WHERE score IS NOT NULL AND actual IS NOT NULL GROUP BY score</c>
/// returns. Input of <see cref="RocAuc"/>.
/// </summary>
public readonly record struct ScoreGroup(double Score, long Positives, long Negatives);
