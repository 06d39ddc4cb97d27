using MlopsPortal.Infrastructure.Auth;

namespace MlopsPortal.Infrastructure.Tests.Auth;

public sealed class LoginThrottleTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2025, 2, 9, 9, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Five_failures_lock_the_name_for_a_while_and_the_lock_grows()
    {
        var clock = new ManualClock();
        var throttle = new LoginThrottle(clock);

        for (var i = 0; i < 4; i++) throttle.Failed("ann");
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("ann"));
        throttle.Failed("ann");
        var first = throttle.RetryAfter("ann");
        Assert.True(first > TimeSpan.Zero);

        clock.Now += first;
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("ann"));
        throttle.Failed("ANN");
        Assert.True(throttle.RetryAfter("ann") > first);
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("bob"));
    }

    [Fact]
    public void A_success_clears_the_failures()
    {
        var throttle = new LoginThrottle(new ManualClock());
        for (var i = 0; i < 4; i++) throttle.Failed("ann");

        throttle.Succeeded("ann");
        throttle.Failed("ann");

        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("ann"));
    }
}
