using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlopsPortal.Core.Common;
using MlopsPortal.Web.Components.Shared;
using MudBlazor.Services;

namespace MlopsPortal.Web.Tests.Shared;

/// <summary>The one way pages turn a failure into words: the portal's refusals as they are, anything else as a logged reference.</summary>
public sealed class PortalErrorsTests : BunitContext
{
    private readonly RecordingLogger _log = new();

    public PortalErrorsTests()
    {
        Services.AddMudServices();
        Services.AddSingleton<ILogger<PortalErrorBoundary>>(_log);
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void The_portals_own_refusals_are_shown_as_they_are_and_not_logged()
    {
        Assert.Equal("Table NOPE does not exist.", PortalErrors.Describe(new PortalNotFoundException("Table NOPE does not exist."), _log));
        Assert.Equal("Give a source table.", PortalErrors.Describe(new PortalValidationException("Give a source table."), _log));
        Assert.Equal("Cancelled.", PortalErrors.Describe(new OperationCanceledException(), _log));
        Assert.Empty(_log.Entries);
    }

    [Fact]
    public void Anything_else_is_logged_with_a_reference_that_the_user_sees_instead_of_the_raw_message()
    {
        var raw = new InvalidOperationException("Binder Error: Referenced column \"X\" not found in FROM clause!");

        var shown = PortalErrors.Describe(raw, _log);

        Assert.DoesNotContain("Binder Error", shown);
        var entry = Assert.Single(_log.Entries);
        Assert.Same(raw, entry.Exception);
        Assert.Contains(entry.Reference, shown);
        Assert.Matches("^[0-9a-f]{8}$", entry.Reference);
    }

    [Fact]
    public void A_page_that_throws_while_rendering_shows_the_reference_inside_the_boundary()
    {
        var page = Render<PortalErrorBoundary>(p => p.AddChildContent<Thrower>());

        var alert = page.Find("[data-testid=page-error]");
        Assert.Contains($"reference {Assert.Single(_log.Entries).Reference}", alert.TextContent);
        Assert.DoesNotContain("boom inside", page.Markup);
    }

    private sealed class Thrower : ComponentBase
    {
        protected override void OnInitialized() => throw new InvalidOperationException("boom inside");
    }

    private sealed class RecordingLogger : ILogger<PortalErrorBoundary>
    {
        public List<(Exception? Exception, string Reference)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var reference = state is IReadOnlyList<KeyValuePair<string, object?>> values
                ? values.FirstOrDefault(v => v.Key == "Reference").Value?.ToString() ?? "" : "";
            Entries.Add((exception, reference));
        }
    }
}
