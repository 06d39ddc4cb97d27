using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using MlopsPortal.Core.Common;

namespace MlopsPortal.Infrastructure.Alerts;

/// <summary>
/// Where an alert's webhook may post: http(s) to public addresses only. Loopback, link-local (cloud metadata),
/// private, shared (CGNAT), multicast and unspecified addresses are refused, including host names that resolve to
/// them, unless <c>Alerts:WebhookAllowedHosts</c> (comma-separated host names, set by an admin) names the host.
/// Checked when the alert is saved and again on every connection (the resolved address), so a name that later
/// re-resolves to an internal address (DNS rebinding) is still refused; redirects are not followed.
/// </summary>
public sealed class WebhookTargets(IOptions<AlertsOptions> options)
{
    public const string AllowedHostsSetting = "Alerts:WebhookAllowedHosts";

    public bool IsAllowListed(string host) => options.Value.AllowedHosts.Contains(host.Trim('[', ']'), StringComparer.OrdinalIgnoreCase);

    /// <summary>Refuses (400) a webhook URL that is not http(s) or whose host is, or resolves to, a non-public address.</summary>
    public async Task RequireAllowedAsync(string? url, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(url)) return;
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new PortalValidationException($"webhook '{url}' is not an http(s) URL.");
        if (!string.IsNullOrEmpty(uri.UserInfo))
            throw new PortalValidationException("webhook URLs must not carry a user name or password.");
        if (IsAllowListed(uri.IdnHost)) return;
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.IdnHost, ct);
        }
        catch (SocketException e)
        {
            throw new PortalValidationException($"webhook host '{uri.Host}' does not resolve ({e.SocketErrorCode}).");
        }
        if (addresses.FirstOrDefault(a => !IsPublic(a)) is { } refused)
            throw new PortalValidationException(Refusal(uri.Host, refused));
    }

    /// <summary>The addresses a connection to <paramref name="host"/> may use; throws when any of them is not public.</summary>
    public async Task<IPAddress[]> AddressesForConnectionAsync(string host, CancellationToken ct)
    {
        var addresses = await ResolveAsync(host, ct);
        if (!IsAllowListed(host) && addresses.FirstOrDefault(a => !IsPublic(a)) is { } refused)
            throw new HttpRequestException(Refusal(host, refused));
        return addresses;
    }

    private static string Refusal(string host, IPAddress address) =>
        $"webhook host '{host}' is {address}, not a public address (loopback, link-local and private ranges are refused); " +
        $"an admin can allow a host with {AllowedHostsSetting}.";

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224                // this network, private, loopback, multicast + reserved
                || (b[0] == 169 && b[1] == 254)                      // link-local (cloud metadata)
                || (b[0] == 172 && b[1] is >= 16 and <= 31)          // private
                || (b[0] == 192 && b[1] == 168)                      // private
                || (b[0] == 100 && b[1] is >= 64 and <= 127)         // shared address space (CGNAT)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)      // IETF protocol assignments, documentation
                || (b[0] == 198 && b[1] is 18 or 19));               // benchmarking
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal
                || address.IsIPv6Multicast || (b[0] & 0xfe) == 0xfc);   // unique local fc00::/7
        }
        return false;
    }

    /// <summary>The alerts HttpClient's handler: no redirects, no proxy, every connection checked at its resolved address.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        ConnectCallback = async (context, ct) =>
        {
            var addresses = await AddressesForConnectionAsync(context.DnsEndPoint.Host, ct);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
