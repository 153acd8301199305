using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Together.Api.Infrastructure;

/// <summary>
/// Behind a reverse proxy every connection comes from the proxy. For the proxies named in
/// <c>Together:TrustedProxies</c> only, the client address and scheme are taken from <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c>, so rate limits, session records and HSTS see the client, not the proxy.
/// </summary>
public static class ForwardedHeadersExtensions
{
    public static IServiceCollection AddTogetherForwardedHeaders(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TogetherOptions>>((forwarded, together) =>
        {
            var trusted = TrustedProxies.Parse(together.Value.TrustedProxies, out _);
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // ASP.NET trusts loopback by default; here nothing is trusted unless configured.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var address in trusted.Addresses)
            {
                forwarded.KnownProxies.Add(address);
            }

            foreach (var network in trusted.Networks)
            {
                forwarded.KnownIPNetworks.Add(network);
            }

            // Walk X-Forwarded-For from the right while each hop is a trusted proxy (a CDN in front of nginx), and
            // stop at the first address that is not: that one is the client.
            forwarded.ForwardLimit = null;
        });
        return services;
    }

    /// <summary>
    /// Must run before anything that reads the client address. With no trusted proxy the middleware is left out
    /// altogether: with empty lists it would believe every sender.
    /// </summary>
    public static IApplicationBuilder UseTogetherForwardedHeaders(this IApplicationBuilder app)
    {
        var together = app.ApplicationServices.GetRequiredService<IOptions<TogetherOptions>>().Value;
        return TrustedProxies.Parse(together.TrustedProxies, out _).IsEmpty ? app : app.UseForwardedHeaders();
    }
}
