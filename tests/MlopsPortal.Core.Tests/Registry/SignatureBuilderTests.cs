using MlopsPortal.Core.Common;
using MlopsPortal.Core.Registry;

namespace MlopsPortal.Core.Tests.Registry;

public class SignatureBuilderTests
{
    private static ArtifactInfo Info(IReadOnlyList<string>? names, int count, IReadOnlyList<string>? types = null) =>
        new("xgboost-json", "binary:logistic", count, names, types, 10, false);

    [Fact]
    public void Takes_the_artifacts_feature_names_and_types_in_order()
    {
        var signature = SignatureBuilder.Build(Info(["B", "A", "C"], 3, ["float", "int", "i"]), null);
        Assert.Equal([new FeatureSpec("B", "DOUBLE"), new FeatureSpec("A", "INT64"), new FeatureSpec("C", "BOOL")], signature);
    }

    [Fact]
    public void Uses_the_given_names_when_the_artifact_has_none()
    {
        var signature = SignatureBuilder.Build(Info(null, 2), FeatureList.Parse(" X , \"Y\" "));
        Assert.Equal(["X", "Y"], signature.Select(f => f.Name));
    }

    [Fact]
    public void Names_what_is_wrong()
    {
        Assert.Contains("carries no feature names", Assert.Throws<PortalValidationException>(() => SignatureBuilder.Build(Info(null, 2), null)).Message);
        Assert.Contains("2 features but 3 names", Assert.Throws<PortalValidationException>(() => SignatureBuilder.Build(Info(null, 2), ["A", "B", "C"])).Message);
        Assert.Contains("feature 2 is 'B'", Assert.Throws<PortalValidationException>(() => SignatureBuilder.Build(Info(["A", "B"], 2), ["A", "Z"])).Message);
        Assert.Contains("'A' appears more than once", Assert.Throws<PortalValidationException>(() => SignatureBuilder.Build(Info(null, 2), ["A", "a"])).Message);
    }
}
