using MlopsPortal.Core.Common;
using MlopsPortal.Core.Scoring;

namespace MlopsPortal.Core.Explaining;

/// <summary>What to explain: a version (or alias) of a model on a reproducible random sample of a table's rows.</summary>
/// <param name="LabelColumns">Columns that name a row on screen (its key columns); none shows the row's position.</param>
public sealed record ExplainRequest(string Model, string VersionOrAlias, string Table, int Sample = ExplainRequest.DefaultSample,
    int Seed = ExplainRequest.DefaultSeed, IReadOnlyList<FilterCondition>? Filter = null, IReadOnlyList<string>? LabelColumns = null)
{
    public const int DefaultSample = 50;
    public const int DefaultSeed = 42;
    public const int MaxSample = 2_000;

    /// <summary>Throws naming what is wrong; the sample is bounded because TreeSHAP costs grow with it.</summary>
    public void Validate()
    {
        if (Sample is < 1 or > MaxSample)
            throw new PortalValidationException($"The sample size {Sample} must lie between 1 and {MaxSample}.");
    }
}
