using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Together.MediaNode.Host;

/// <summary>
/// What a node announces when <c>Media:PublicAddress</c> is not set: the machine's own addresses, so two people on
/// one LAN talk on first run. Every up interface's IPv4 address and its IPv6 addresses that are not link-local (a
/// browser cannot use those without a scope), then 127.0.0.1 for a browser on the machine itself. Behind NAT none of
/// these is what the internet reaches: that is when <c>Media:PublicAddress</c> is needed.
/// </summary>
public static class InterfaceAddresses
{
    private static readonly Lazy<IReadOnlyList<string>> Discovered = new(Discover);

    public static IReadOnlyList<string> Current => Discovered.Value;

    private static IReadOnlyList<string> Discover()
    {
        var addresses = new List<IPAddress>();
        try
        {
            foreach (var network in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (network.OperationalStatus != OperationalStatus.Up || network.NetworkInterfaceType == NetworkInterfaceType.Loopback)
                {
                    continue;
                }

                addresses.AddRange(network.GetIPProperties().UnicastAddresses
                    .Select(unicast => unicast.Address)
                    .Where(IsAnnounceable));
            }
        }
        catch (NetworkInformationException)
        {
            // Some sandboxes hide the interface list: loopback still lets a browser on this machine in.
        }

        return [.. addresses
            .OrderBy(address => address.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)
            .Select(address => address.ToString())
            .Distinct(StringComparer.Ordinal), IPAddress.Loopback.ToString()];
    }

    private static bool IsAnnounceable(IPAddress address) =>
        !IPAddress.IsLoopback(address)
        && address.AddressFamily switch
        {
            AddressFamily.InterNetwork => true,
            AddressFamily.InterNetworkV6 => !address.IsIPv6LinkLocal && !address.IsIPv6Multicast && !address.IsIPv4MappedToIPv6,
            _ => false,
        };
}
