using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Together.AppHost.HostPostgres;
using Together.ServiceDefaults;

namespace Together.AppHost;

internal static class AppHostExtensions
{
    private const string HealthPath = "/health";
    private const string HttpEndpoint = "http";

    /// <summary>
    /// The <c>together</c> database, in the first shape that applies: an existing connection string
    /// (<c>ConnectionStrings:together</c>), a PostgreSQL container where a container runtime answers,
    /// or the host's own PostgreSQL binaries.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddTogetherDatabase(this IDistributedApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ResourceNames.Database)))
        {
            return builder.AddConnectionString(ResourceNames.Database);
        }

        var settings = AppHostSettings.From(builder.Configuration, builder.AppHostDirectory);
        var useContainer = settings.PostgresMode switch
        {
            PostgresMode.Container => true,
            PostgresMode.Executable => false,
            _ => ContainerRuntime.IsHealthy(builder.Configuration),
        };

        if (useContainer)
        {
            return builder.AddPostgres(ResourceNames.Postgres).WithDataVolume().AddDatabase(ResourceNames.Database);
        }

        return OperatingSystem.IsWindows()
            ? throw new InvalidOperationException("Without a container runtime, set ConnectionStrings:together on Windows.")
            : builder.AddHostPostgres(settings);
    }

    /// <summary>
    /// The media node's side of the distributed shape: the public key that verifies the voice tokens the Api signs,
    /// and its one UDP / ICE-TCP port on loopback (it advertises 127.0.0.1, the only address a local browser needs).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithMediaSettings(this IResourceBuilder<ProjectResource> mediaNode)
    {
        var settings = AppHostSettings.From(mediaNode.ApplicationBuilder.Configuration, mediaNode.ApplicationBuilder.AppHostDirectory);
        var key = VoiceTokenKeyPair(settings);
        var port = settings.MediaPort.ToString(CultureInfo.InvariantCulture);
        return mediaNode
            .WithEnvironment("Media__TokenPublicKey", key.PublicKeyPem)
            .WithEnvironment("Media__BindAddress", "127.0.0.1")
            .WithEnvironment("Media__PublicAddress", "127.0.0.1")
            .WithEnvironment("Media__UdpPort", port)
            .WithEnvironment("Media__TcpPort", port);
    }

    /// <summary>
    /// The Api's side of the distributed shape: it signs voice tokens with the private half of the AppHost's key,
    /// and leaves media to the separate media node instead of hosting one in-process (the merged default).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithVoiceSettings(this IResourceBuilder<ProjectResource> api)
    {
        var settings = AppHostSettings.From(api.ApplicationBuilder.Configuration, api.ApplicationBuilder.AppHostDirectory);
        var key = VoiceTokenKeyPair(settings);
        return api
            .WithEnvironment("Voice__SigningKey", key.PrivateKeyPem)
            .WithEnvironment("Media__InProcess", "false");
    }

    /// <summary>
    /// Wires the Api and the separate media node to each other: the Api calls the node's control API (server mute,
    /// move, disconnect) and the node reports joins, leaves and speaking to the Api, both with one shared key kept in
    /// the AppHost's data directory.
    /// </summary>
    public static void ConnectVoice(IResourceBuilder<ProjectResource> api, IResourceBuilder<ProjectResource> mediaNode)
    {
        var settings = AppHostSettings.From(api.ApplicationBuilder.Configuration, api.ApplicationBuilder.AppHostDirectory);
        Directory.CreateDirectory(settings.DataDirectory);
        var controlKey = KeyFiles.ReadOrCreate(
            Path.Combine(settings.DataDirectory, "media-control.key"), () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        api.WithEnvironment("Media__ControlApiKey", controlKey)
            .WithEnvironment("Media__ControlUrl", mediaNode.GetEndpoint(HttpEndpoint));
        mediaNode.WithEnvironment("Media__ControlApiKey", controlKey)
            .WithEnvironment("Media__ReportUrl", ReferenceExpression.Create($"{api.GetEndpoint(HttpEndpoint)}/api/internal/media/reports"));
    }

    /// <summary>
    /// The edge's public address, fixed (http://localhost:8080 by default) so the README can name it; the web client
    /// and every route behind it are served there.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPublicWebPort(this IResourceBuilder<ProjectResource> web)
    {
        var settings = AppHostSettings.From(web.ApplicationBuilder.Configuration, web.ApplicationBuilder.AppHostDirectory);
        return web.WithHttpEndpoint(port: settings.WebPort == 0 ? null : settings.WebPort, name: HttpEndpoint);
    }

    /// <summary>
    /// The key pair that signs and verifies voice tokens when the Api and the media node are separate processes, kept in
    /// the AppHost's data directory so tokens stay valid across restarts.
    /// </summary>
    private static P256KeyPair VoiceTokenKeyPair(AppHostSettings settings)
    {
        // Created here with ordinary permissions first: the key file is owner-only, but the folder also holds the
        // host PostgreSQL's, which runs as another account and must be able to enter it.
        Directory.CreateDirectory(settings.DataDirectory);
        return KeyFiles.ReadOrCreateP256(Path.Combine(settings.DataDirectory, "voice-token-key.pem"));
    }

    /// <summary>
    /// Gives the project an http endpoint when its launch profile does not, makes it listen there even when its
    /// appsettings name other <c>Urls</c> (the unprefixed environment outranks appsettings; ASPNETCORE_URLS does
    /// not), and marks it healthy only when its <c>/health</c> answers 200.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithHealthEndpoint(this IResourceBuilder<ProjectResource> project)
    {
        var hasHttpEndpoint = project.Resource.Annotations
            .OfType<EndpointAnnotation>()
            .Any(endpoint => endpoint.Name == HttpEndpoint);

        if (!hasHttpEndpoint)
        {
            project.WithHttpEndpoint(name: HttpEndpoint);
        }

        var endpoint = project.GetEndpoint(HttpEndpoint);
        return project
            .WithEnvironment("Urls", ReferenceExpression.Create($"http://localhost:{endpoint.Property(EndpointProperty.TargetPort)}"))
            .WithHttpHealthCheck(HealthPath);
    }
}
