using System.Net;

namespace Together.Api.Infrastructure;

/// <summary>
/// <c>Together:TrustedProxies</c>, parsed: the addresses and networks (IPv4 and IPv6, comma-separated) whose
/// <c>X-Forwarded-*</c> headers are believed. Empty means none, so a client cannot choose its own address.
/// </summary>
public sealed record TrustedProxies(IReadOnlyList<IPAddress> Addresses, IReadOnlyList<IPNetwork> Networks)
{
    public const string ConfigurationKey = $"{TogetherOptions.SectionName}:{nameof(TogetherOptions.TrustedProxies)}";

    public bool IsEmpty => Addresses.Count == 0 && Networks.Count == 0;

    public static TrustedProxies Parse(string? configured, out IReadOnlyList<string> invalid)
    {
        var addresses = new List<IPAddress>();
        var networks = new List<IPNetwork>();
        var rejected = new List<string>();
        foreach (var entry in (configured ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry.Contains('/', StringComparison.Ordinal))
            {
                if (IPNetwork.TryParse(entry, out var network))
                {
                    networks.Add(network);
                }
                else
                {
                    rejected.Add(entry);
                }
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                addresses.Add(address);
            }
            else
            {
                rejected.Add(entry);
            }
        }

        invalid = rejected;
        return new TrustedProxies(addresses, networks);
    }
}
