using MudBlazor;

namespace MlopsPortal.Web.Components.Layout;

public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fa8",
            Secondary = "#5c6b7a",
            AppbarBackground = "#17406f",
            Success = "#2e7d32",
            Warning = "#b26a00",
            Error = "#c62828",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7fb0ec",
            AppbarBackground = "#0f2238",
        },
    };
}
