using System.Globalization;
using Together.Api.Infrastructure;
using Together.MediaNode.Host;
using Together.MediaNode.Probe;

namespace Together.Api.Features.Voice;

/// <summary>
/// <c>Together.Api doctor</c>: checks voice from the outside in, with this installation's own configuration. It joins
/// the media node as a browser would (a voice token signed with the Api's key, the signalling URL clients get, ICE and
/// DTLS to the address the node announces, audio and the node's RTCP back), then asks each TURN server for an
/// allocation with the credentials a join hands out. Each step prints ok/FAIL and, on failure, the fix.
/// </summary>
public sealed class VoiceDoctor(IConfiguration configuration, string contentRoot, TextWriter output)
{
    public const string DoctorRoom = "doctor";

    /// <summary>How long each step may take: the CLI's <c>--timeout</c> default and the admin route's.</summary>
    public static readonly TimeSpan DefaultStepTimeout = TimeSpan.FromSeconds(10);

    /// <returns>0 when every check passed, else 1.</returns>
    public async Task<int> RunAsync(Uri baseUrl, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var failed = false;
        DescribeAddresses();

        var voice = configuration.GetSection(VoiceOptions.SectionName).Get<VoiceOptions>() ?? new VoiceOptions();
        var signaling = voice.SignalingUrl.StartsWith('/')
            ? new UriBuilder(new Uri(baseUrl, voice.SignalingUrl)) { Scheme = baseUrl.Scheme == "https" ? "wss" : "ws" }.Uri
            : new Uri(voice.SignalingUrl);
        using (var issuer = VoiceSigningKey.CreateIssuer(configuration, DataDirectory.Resolve(configuration, contentRoot), TimeProvider.System))
        {
            var token = issuer.Issue("doctor", $"{DoctorRoom}-{Guid.NewGuid():N}");
            var probe = await new ProbeRun(output, TimeProvider.System).RunAsync(
                signaling, token, peerToken: null, TimeSpan.FromSeconds(2), timeout, cancellationToken);
            failed |= probe != 0;
        }

        failed |= !await CheckTurnAsync(timeout);
        await output.WriteLineAsync(failed ? "Voice has problems: fix the FAIL lines above." : "Voice works from here.");
        return failed ? 1 : 0;
    }

    private void DescribeAddresses()
    {
        var configured = configuration["Media:PublicAddress"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            output.WriteLine($"info media: Media:PublicAddress is not set: the node announces this machine's addresses ({string.Join(", ", InterfaceAddresses.Current)}).");
            output.WriteLine("     Enough on a LAN. Behind NAT set Media:PublicAddress to the public address and forward the media UDP and TCP port (Media:UdpPort, Media:TcpPort; 50000).");
        }
        else
        {
            output.WriteLine($"info media: the node announces Media:PublicAddress = {configured}.");
        }
    }

    private async Task<bool> CheckTurnAsync(TimeSpan timeout)
    {
        var turn = configuration.GetSection(TurnOptions.SectionName).Get<TurnOptions>() ?? new TurnOptions();
        var urls = turn.UrlList();
        if (urls.Count == 0)
        {
            await output.WriteLineAsync("info turn: no TURN server (Turn:Urls): browsers on networks that block UDP and TCP 50000 cannot connect; see docs/self-hosting.md, TURN (coturn).");
            return true;
        }

        if (string.IsNullOrEmpty(turn.SharedSecret))
        {
            await output.WriteLineAsync("FAIL turn: Turn:Urls is set but Turn:SharedSecret is not: set it to coturn's static-auth-secret.");
            return false;
        }

        var ok = true;
        var username = $"{(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(5)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}:doctor";
        var password = IceServers.Credential(turn.SharedSecret, username);
        foreach (var url in urls)
        {
            if (!TryParseUdpTurn(url, out var host, out var port))
            {
                await output.WriteLineAsync($"skip turn: {url} (only plain turn: over UDP is checked)");
                continue;
            }

            var problem = await TurnProbe.CheckAsync(host, port, username, password, timeout);
            ok &= problem is null;
            await output.WriteLineAsync(problem is null
                ? $"ok   turn: {url} accepted the credential and allocated a relay"
                : $"FAIL turn: {url}: {problem}");
        }

        return ok;
    }

    private static bool TryParseUdpTurn(string url, out string host, out int port)
    {
        host = "";
        port = 3478;
        if (!url.StartsWith("turn:", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = url["turn:".Length..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            if (!rest[query..].Contains("transport=udp", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            rest = rest[..query];
        }

        var colon = rest.LastIndexOf(':');
        if (colon > 0 && !rest.EndsWith(']') && int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            port = parsed;
            rest = rest[..colon];
        }

        host = rest.Trim('[', ']');
        return host.Length > 0;
    }
}
