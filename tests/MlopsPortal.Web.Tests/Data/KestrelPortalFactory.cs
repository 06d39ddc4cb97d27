using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MlopsPortal.Web.Tests.Data;

/// <summary>
/// The portal on a real Kestrel port: the in-memory test server has no request-body limit, so only a real server
/// shows that a large upload gets past Kestrel's 30 MB default.
/// </summary>
public class KestrelPortalFactory : PortalFactory
{
    public KestrelPortalFactory() => UseKestrel(0);

    protected override WebApplicationFactoryClientOptions ApiClientOptions()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new() { AllowAutoRedirect = false, BaseAddress = new Uri(address) };
    }
}

/// <summary>A real-Kestrel portal whose import limits are small (1 MiB uploaded, 2 MiB inflated), to exceed them cheaply.</summary>
public sealed class SmallImportLimitPortalFactory : KestrelPortalFactory
{
    public const long MaxBytes = 1L << 20;
    public const long MaxDecompressedBytes = 2L << 20;

    public SmallImportLimitPortalFactory()
    {
        Settings["Import:MaxUploadBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["Import:MaxDecompressedBytes"] = MaxDecompressedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
