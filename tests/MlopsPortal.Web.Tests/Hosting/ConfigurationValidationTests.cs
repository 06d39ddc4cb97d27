using Microsoft.Extensions.Options;

namespace MlopsPortal.Web.Tests.Hosting;

/// <summary>A wrong configuration value stops the portal at start with the key named, not later in a job or never.</summary>
public sealed class ConfigurationValidationTests
{
    public static TheoryData<string, string, string> BadValues => new()
    {
        { "Smtp:Port", "70000", "Smtp:Port" },
        { "Smtp:From", "not-an-address", "Smtp:From" },
        { "Smtp:Attempts", "0", "Smtp:Attempts" },
        { "Auth:RevalidationSeconds", "600", "Auth:RevalidationSeconds" },
        { "Auth:StampCacheSeconds", "-1", "Auth:StampCacheSeconds" },
        { "RateLimits:SignInPerUserPerMinute", "0", "RateLimits:SignInPerUserPerMinute" },
        { "Registry:MaxTreeDepth", "0", "Registry:MaxTreeDepth" },
        { "Jobs:Storage", "Redis", "Jobs:Storage" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_bad_value_stops_the_start_and_names_its_key(string key, string value, string named)
    {
        await using var portal = new PortalFactory();
        portal.Settings[key] = value;

        var error = Assert.ThrowsAny<Exception>(() => portal.CreateClient());

        var validation = Unwrap(error);
        Assert.Contains(named, validation.Message);
    }

    [Fact]
    public async Task The_defaults_start()
    {
        await using var portal = new PortalFactory();
        var health = await portal.CreateClient().GetAsync("/health", TestContext.Current.CancellationToken);
        Assert.True(health.IsSuccessStatusCode);
    }

    private static Exception Unwrap(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is OptionsValidationException) return e;
        }
        return error;
    }
}
