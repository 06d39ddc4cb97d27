using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MlopsPortal.Web.Components.Shared;

/// <summary>
/// The base of every component (Components/_Imports.razor): the one place a page's operation may fail
/// (docs/architecture.md, "Errors"). A page runs what the user asked for through <see cref="TryAsync"/> or
/// <see cref="TryNotifyAsync"/> and never catches exceptions itself; the words come from <see cref="PortalErrors"/>, so
/// the portal's own refusals read as they are and anything else is logged with a reference the user sees instead.
/// </summary>
public abstract class PortalComponentBase : ComponentBase
{
    [Inject] private ILogger<PortalComponentBase> ErrorLog { get; set; } = default!;

    [Inject] private IServiceProvider ComponentServices { get; set; } = default!;

    /// <summary>Runs <paramref name="operation"/>; null when it succeeded, else the words to show for its failure.</summary>
    protected async Task<string?> TryAsync(Func<Task> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        try
        {
            await operation();
            return null;
        }
        catch (Exception ex) when (ex is not NavigationException) // a redirect is not a failure
        {
            return PortalErrors.Describe(ex, ErrorLog);
        }
    }

    /// <summary>The synchronous <see cref="TryAsync"/>, for checks run as the user types.</summary>
    protected string? Try(Action operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        try
        {
            operation();
            return null;
        }
        catch (Exception ex) when (ex is not NavigationException)
        {
            return PortalErrors.Describe(ex, ErrorLog);
        }
    }

    /// <summary>Runs <paramref name="operation"/> and shows its failure as an error snackbar; true when it succeeded.</summary>
    protected async Task<bool> TryNotifyAsync(Func<Task> operation)
    {
        if (await TryAsync(operation) is not { } error) return true;
        ComponentServices.GetService<ISnackbar>()?.Add(error, Severity.Error);
        return false;
    }
}
