using MlopsPortal.Core.Common;
using MlopsPortal.Core.Explaining;

namespace MlopsPortal.Core.Tests.Explaining;

public sealed class ExplainRequestTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(ExplainRequest.MaxSample)]
    public void A_sample_within_the_bounds_is_accepted(int sample) =>
        new ExplainRequest("M", "V1", "T", Sample: sample).Validate();

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(ExplainRequest.MaxSample + 1)]
    public void A_sample_outside_the_bounds_is_refused_naming_the_size(int sample)
    {
        var error = Assert.Throws<PortalValidationException>(() => new ExplainRequest("M", "V1", "T", Sample: sample).Validate());
        Assert.Contains(sample.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }
}
