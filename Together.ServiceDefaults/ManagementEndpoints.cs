using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Together.ServiceDefaults;

/// <summary>
/// <c>Together:ManagementUrls</c>: extra Kestrel addresses (e.g. <c>http://127.0.0.1:9090</c>) where
/// <c>/metrics</c> and detailed health are served, so operators can keep them off the public port. Endpoints are
/// told apart by the port the connection arrived on, never by the Host header, which a client chooses.
/// </summary>
public sealed class ManagementPorts
{
    public const string ConfigurationKey = "Together:ManagementUrls";

    private const string KestrelDefaultUrl = "http://localhost:5000";

    private readonly HashSet<int> _ports;

    private ManagementPorts(IEnumerable<int> ports) => _ports = [.. ports];

    public bool IsConfigured => _ports.Count > 0;

    public bool Contains(int port) => _ports.Contains(port);

    /// <summary>
    /// Adds the management addresses to the ones the process already listens on, and the routing policy that keeps
    /// management endpoints to them. Without the setting nothing changes.
    /// </summary>
    public static void AddTo(IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration[ConfigurationKey];
        var urls = (configured ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var ports = urls.Select(PortOf).ToList();
        builder.Services.AddSingleton(new ManagementPorts(ports));
        if (ports.Count == 0)
        {
            return;
        }

        var kestrelEndpoints = builder.Configuration.GetSection("Kestrel:Endpoints");
        if (kestrelEndpoints.Exists())
        {
            // Endpoints in configuration make Kestrel ignore Urls: add ours beside them.
            for (var index = 0; index < urls.Length; index++)
            {
                builder.Configuration[$"Kestrel:Endpoints:Management{index}:Url"] = urls[index];
            }
        }
        else
        {
            builder.Configuration["urls"] = string.Join(';', [.. PublicUrls(builder.Configuration), .. urls]);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, ManagementPortPolicy>());
    }

    /// <summary>Where the process listens publicly, as Kestrel would decide it without the management addresses.</summary>
    private static IEnumerable<string> PublicUrls(IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration["urls"]))
        {
            return configuration["urls"]!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var httpPorts = (configuration["http_ports"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var httpsPorts = (configuration["https_ports"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var fromPorts = httpPorts.Select(port => $"http://*:{port}").Concat(httpsPorts.Select(port => $"https://*:{port}")).ToList();
        return fromPorts.Count > 0 ? fromPorts : [KestrelDefaultUrl];
    }

    private static int PortOf(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException exception)
        {
            throw new InvalidOperationException($"{ConfigurationKey}: '{url}' is not a URL such as http://127.0.0.1:9090.", exception);
        }

        return address.Port > 0 && !address.IsUnixPipe
            ? address.Port
            : throw new InvalidOperationException(
                $"{ConfigurationKey}: '{url}' needs an explicit port (such as http://127.0.0.1:9090): endpoints are kept to it by port.");
    }
}

/// <summary>Marks an endpoint as served only on the management ports, or only off them.</summary>
public sealed record ManagementEndpoint(bool OnManagementPort)
{
    public static readonly ManagementEndpoint ManagementPortOnly = new(true);
    public static readonly ManagementEndpoint PublicPortOnly = new(false);
}

/// <summary>Drops the candidates marked for the other kind of port than the one the request arrived on.</summary>
internal sealed class ManagementPortPolicy(ManagementPorts ports) : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(endpoint => endpoint.Metadata.GetMetadata<ManagementEndpoint>() is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var onManagementPort = ports.Contains(httpContext.Connection.LocalPort);
        for (var index = 0; index < candidates.Count; index++)
        {
            if (candidates[index].Endpoint.Metadata.GetMetadata<ManagementEndpoint>() is { } marked
                && marked.OnManagementPort != onManagementPort)
            {
                candidates.SetValidity(index, false);
            }
        }

        return Task.CompletedTask;
    }
}
