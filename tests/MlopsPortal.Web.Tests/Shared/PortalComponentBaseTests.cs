using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlopsPortal.Core.Common;
using MlopsPortal.Core.Security;
using MlopsPortal.Web.Components.Shared;
using MudBlazor;
using MudBlazor.Services;

namespace MlopsPortal.Web.Tests.Shared;

/// <summary>
/// docs/architecture.md, "Errors": what a page runs through <see cref="PortalComponentBase"/> fails in plain words, shown
/// by <see cref="ErrorNote"/> or a snackbar; a driver's message never reaches the user, it is logged under the reference
/// the user sees.
/// </summary>
public sealed class PortalComponentBaseTests : BunitContext
{
    private readonly RecordingLogger _log = new();

    public PortalComponentBaseTests()
    {
        Services.AddMudServices();
        Services.AddSingleton<ILogger<PortalComponentBase>>(_log);
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void A_portal_refusal_is_shown_as_it_is_in_the_pages_error_note()
    {
        var page = Render<Operation>(p => p.Add(x => x.Work, () => throw new PortalValidationException("Give a source table.")));

        page.Find("#run").Click();

        Assert.Equal("Give a source table.", page.Find("[data-testid=operation-error]").TextContent.Trim());
        Assert.Empty(_log.Entries);
    }

    [Fact]
    public void An_unexpected_failure_shows_a_reference_and_logs_the_exception_under_it()
    {
        var raw = new InvalidOperationException("secret driver text");
        var page = Render<Operation>(p => p.Add(x => x.Work, () => throw raw));

        page.Find("#run").Click();

        var shown = page.Find("[data-testid=operation-error]").TextContent;
        Assert.DoesNotContain("secret driver text", page.Markup);
        var entry = Assert.Single(_log.Entries);
        Assert.Same(raw, entry.Exception);
        Assert.Contains($"Something went wrong (reference {entry.Reference})", shown);
    }

    [Fact]
    public void A_success_shows_no_error_and_a_failure_then_clears_on_the_next_success()
    {
        var fail = true;
        var page = Render<Operation>(p => p.Add(x => x.Work, () => fail ? throw new PortalNotFoundException("Table NOPE does not exist.") : Task.CompletedTask));

        page.Find("#run").Click();
        Assert.Single(page.FindAll("[data-testid=operation-error]"));
        fail = false;
        page.Find("#run").Click();

        Assert.Empty(page.FindAll("[data-testid=operation-error]"));
        Assert.Empty(page.FindAll(".mud-alert"));
    }

    [Fact]
    public void A_notified_failure_goes_to_an_error_snackbar_in_plain_words()
    {
        var page = Render<Operation>(p => p.Add(x => x.Work, () => throw new PortalForbiddenException("Only admins may do that.")));

        page.Find("#notify").Click();

        var snackbar = Assert.Single(Services.GetRequiredService<ISnackbar>().ShownSnackbars);
        Assert.Equal("Only admins may do that.", snackbar.Message);
        Assert.Equal(Severity.Error, snackbar.Severity);
        Assert.Equal("false", page.Find("#ok").TextContent);
    }

    /// <summary>A page in miniature: one operation, run the two ways a page may run it.</summary>
    private sealed class Operation : PortalComponentBase
    {
        private string? _error;
        private bool? _ok;

        [Parameter] public Func<Task> Work { get; set; } = () => Task.CompletedTask;

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "button");
            builder.AddAttribute(1, "id", "run");
            builder.AddAttribute(2, "onclick", EventCallback.Factory.Create<MouseEventArgs>(this, async () => _error = await TryAsync(Work)));
            builder.CloseElement();
            builder.OpenElement(3, "button");
            builder.AddAttribute(4, "id", "notify");
            builder.AddAttribute(5, "onclick", EventCallback.Factory.Create<MouseEventArgs>(this, async () => _ok = await TryNotifyAsync(Work)));
            builder.CloseElement();
            builder.OpenElement(6, "span");
            builder.AddAttribute(7, "id", "ok");
            builder.AddContent(8, _ok?.ToString().ToLowerInvariant());
            builder.CloseElement();
            builder.OpenComponent<ErrorNote>(9);
            builder.AddAttribute(10, nameof(ErrorNote.Message), _error);
            builder.AddAttribute(11, "data-testid", "operation-error");
            builder.CloseComponent();
        }
    }

    private sealed class RecordingLogger : ILogger<PortalComponentBase>
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
