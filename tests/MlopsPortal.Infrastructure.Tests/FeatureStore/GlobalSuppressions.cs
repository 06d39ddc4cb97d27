using System.Diagnostics.CodeAnalysis;

// Warehouse calls here are short, local and awaited at once; cancelling them mid-test gains nothing.
[assembly: SuppressMessage("Usage", "xUnit1051", Scope = "namespaceanddescendants", Target = "~N:MlopsPortal.Infrastructure.Tests.FeatureStore")]
