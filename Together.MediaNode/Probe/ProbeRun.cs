using System.Globalization;

namespace Together.MediaNode.Probe;

/// <summary>
/// An operator's end-to-end check of a node: join with a token, connect media, and (with a second token) send a tone
/// from one participant to the other and measure it. Writes a line per step and, on failure, what to fix.
/// </summary>
public sealed class ProbeRun(TextWriter output, TimeProvider time)
{
    public async Task<int> RunAsync(
        Uri signalingUrl, string token, string? peerToken, TimeSpan duration, TimeSpan timeout, CancellationToken cancellation)
    {
        output.WriteLine($"Together media probe: {signalingUrl}");
        var book = new ProbeLatencyBook();
        var (speaker, failure) = await ProbeParticipant.JoinAsync(signalingUrl, token, book, time, timeout, decode: false, cancellation);
        if (speaker is null)
        {
            return Fail(failure!, signalingUrl);
        }

        await using (speaker)
        {
            output.WriteLine($"ok   signalling: answer received");
            output.WriteLine(Invariant(
                $"ok   ICE + DTLS: connected and secured in {speaker.IceAndDtlsTime.TotalMilliseconds:F0} ms; the node sees us as {speaker.MappedAddress}"));
            if (peerToken is null)
            {
                return await CheckNodeReportsAsync(speaker, timeout, cancellation);
            }

            var (listener, peerFailure) = await ProbeParticipant.JoinAsync(signalingUrl, peerToken, book, time, timeout, decode: true, cancellation);
            if (listener is null)
            {
                return Fail(peerFailure!, signalingUrl);
            }

            await using (listener)
            {
                output.WriteLine("ok   second participant joined");
                speaker.StartTone(440);
                await Task.Delay(duration, time, cancellation);
                return Report(speaker, listener);
            }
        }
    }

    private async Task<int> CheckNodeReportsAsync(ProbeParticipant speaker, TimeSpan timeout, CancellationToken cancellation)
    {
        speaker.StartTone(440);
        var deadline = time.GetUtcNow() + timeout;
        while (speaker.RtcpReceived == 0 && time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellation);
        }

        if (speaker.RtcpReceived == 0)
        {
            output.WriteLine("FAIL media: connected and secured, but the node sent no RTCP receiver report for our audio.");
            output.WriteLine("     The node may be overloaded or dropping our packets; check its logs and /metrics.");
            return (int)ProbeStage.Media + 1;
        }

        output.WriteLine(Invariant($"ok   media: the node reports on our {speaker.PacketsSent} packets (RTCP from the node arrived)"));
        return 0;
    }

    private int Report(ProbeParticipant speaker, ProbeParticipant listener)
    {
        var stream = listener.Streams.MaxBy(s => s.Packets);
        if (stream is null || stream.Packets == 0)
        {
            output.WriteLine($"FAIL media: {speaker.PacketsSent} packets sent, none forwarded to the second participant.");
            output.WriteLine("     Are both tokens for the same room, and may the first one speak (speak=true)?");
            return (int)ProbeStage.Media + 1;
        }

        var latencies = stream.LatenciesMilliseconds.Order().ToArray();
        var loss = speaker.PacketsSent == 0 ? 0 : 100.0 * stream.Lost / (stream.Packets + stream.Lost);
        output.WriteLine(Invariant(
            $"ok   media: {speaker.PacketsSent} packets sent, {stream.Packets} received, loss {loss:F1} %, jitter {stream.JitterMilliseconds:F2} ms, level {stream.Rms:F2}"));
        if (latencies.Length > 0)
        {
            output.WriteLine(Invariant(
                $"ok   latency through the node: p50 {Percentile(latencies, 0.5):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms ({latencies.Length} samples)"));
        }

        output.WriteLine(Invariant(
            $"{(listener.Speaking.Any(s => s.Speaking) ? "ok  " : "warn")} speaking indicator: {(listener.Speaking.Any(s => s.Speaking) ? "the listener was told the tone is speech" : "never signalled")}; {listener.OffersAnswered} node offer(s) answered"));
        if (speaker.SrtpFailures + listener.SrtpFailures > 0)
        {
            output.WriteLine(Invariant($"warn {speaker.SrtpFailures + listener.SrtpFailures} SRTP/SRTCP packets failed authentication here"));
        }

        return 0;
    }

    private int Fail(ProbeFailure failure, Uri signalingUrl)
    {
        output.WriteLine($"FAIL {failure.Stage.ToString().ToLowerInvariant()}: {failure.Detail}");
        output.WriteLine("     " + failure.Stage switch
        {
            ProbeStage.Signaling => $"Is the node running, and is {signalingUrl} its signalling URL (ws[s]://host:port/media/ws)?",
            ProbeStage.Token => "Mint a fresh token: voice tokens live at most 60 s, work once, and must be signed by the key the node trusts (Media:TokenPublicKey).",
            ProbeStage.Sdp => "The node refused the session description; check the node's logs.",
            ProbeStage.Ice => "The node's UDP port is unreachable from here: open it in the firewall (Media:UdpPort), or set Media:PublicAddress to the address clients reach; the candidate above is what the node announced.",
            ProbeStage.Dtls => "ICE worked but the DTLS handshake failed: check the node's logs (handshake cap Media:MaxConcurrentHandshakes, clock, certificate).",
            _ => "Check the node's logs and /metrics.",
        });
        return (int)failure.Stage + 1;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
