using System.Security.Cryptography;
using Together.ServiceDefaults;

namespace Together.AppHost;

/// <summary>
/// coturn for the distributed shape: Debian's <c>turnserver</c> as an executable resource (no container runtime
/// here), with <c>use-auth-secret</c> and a secret kept in the AppHost's data directory, listening on loopback where
/// the media node is; the Api gets <c>Turn:Urls</c> and <c>Turn:SharedSecret</c> to hand out credentials. Loopback
/// peers are allowed because the node is on 127.0.0.1 here; production denies them (deploy/coturn/turnserver.conf).
/// </summary>
internal static class HostTurnExtensions
{
    public const string TurnServerPath = "/usr/bin/turnserver";
    private const string EndpointName = "turn";

    /// <summary>Adds coturn and points the Api at it; without Debian's coturn installed the Api runs without TURN.</summary>
    public static void AddHostTurn(this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> api)
    {
        if (!File.Exists(TurnServerPath))
        {
            return;
        }

        var settings = AppHostSettings.From(builder.Configuration, builder.AppHostDirectory);
        var folder = Path.Combine(settings.DataDirectory, "coturn");
        Directory.CreateDirectory(folder);
        var secret = KeyFiles.ReadOrCreate(Path.Combine(folder, "static-auth-secret"), () => Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
        var turn = builder.AddExecutable(ResourceNames.Turn, TurnServerPath, folder)
            .WithEndpoint(name: EndpointName, scheme: "udp", isProxied: false);
        var endpoint = turn.GetEndpoint(EndpointName);
        turn.WithArgs(
            "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
            ReferenceExpression.Create($"--listening-port={endpoint.Property(EndpointProperty.TargetPort)}"),
            "--min-port=49160", "--max-port=49200",
            "--use-auth-secret", $"--static-auth-secret={secret}", "--realm=together.local",
            // UDP only, as advertised below: the endpoint's port is free for UDP, and a TCP listener on a port some
            // outgoing connection holds retries forever and keeps the UDP one from starting.
            "--allow-loopback-peers", "--no-cli", "--no-tls", "--no-dtls", "--no-tcp", "--fingerprint",
            "--log-file=stdout", "--simple-log",
            $"--pidfile={Path.Combine(folder, "turnserver.pid")}", $"--userdb={Path.Combine(folder, "turndb")}");
        api.WithEnvironment("Turn__Urls", ReferenceExpression.Create(
                $"turn:127.0.0.1:{endpoint.Property(EndpointProperty.TargetPort)}?transport=udp"))
            .WithEnvironment("Turn__SharedSecret", secret);
    }
}
