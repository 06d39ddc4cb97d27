namespace MlopsPortal.Infrastructure.Tests;

/// <summary>Tests that read process-wide memory run in this collection, alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "memory measurement";
}
