using System.CommandLine;

namespace Together.MediaNode.Probe;

/// <summary><c>Together.MediaNode probe &lt;signalling url&gt; --token …</c>: the operator's check of a running node.</summary>
public static class ProbeCommand
{
    public const string Name = "probe";

    public static Task<int> RunAsync(string[] args, TextWriter output)
    {
        var url = new Argument<string>("signaling-url") { Description = "The node's signalling WebSocket, e.g. ws://host:5100/media/ws" };
        var token = new Option<string>("--token") { Description = "A voice token for the room to test", Required = true };
        var peerToken = new Option<string?>("--peer-token")
        {
            Description = "A second token for the same room: measures loss, jitter and latency from one participant to the other",
        };
        var seconds = new Option<int>("--seconds") { Description = "How long to send audio", DefaultValueFactory = _ => 5 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each step", DefaultValueFactory = _ => 10 };
        var command = new RootCommand("Checks a Together media node end to end: signalling, ICE over UDP, DTLS, media.")
        {
            url, token, peerToken, seconds, timeout,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var signalingUrl) || signalingUrl.Scheme is not ("ws" or "wss"))
            {
                output.WriteLine("The signalling URL must be absolute ws:// or wss://, e.g. ws://host:5100/media/ws");
                return 1;
            }

            var peer = parse.GetValue(peerToken);
            var exitCode = await new ProbeRun(output, TimeProvider.System).RunAsync(
                signalingUrl,
                parse.GetValue(token)!,
                peer,
                TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(seconds), 1, 600)),
                TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(timeout), 1, 120)),
                cancellation);
            // Only this command takes a second token; the Api's doctor runs the same probe without one.
            if (exitCode == 0 && peer is null)
            {
                output.WriteLine("     Pass --peer-token with a second token for the same room to measure loss, jitter and latency.");
            }

            return exitCode;
        });
        return command.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
    }
}
