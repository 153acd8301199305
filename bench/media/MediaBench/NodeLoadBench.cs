using System.Diagnostics;
using System.Globalization;
using Together.MediaNode.Probe;

namespace Together.Bench.Media;

/// <summary>
/// Forwarded streams the real node sustains: per step a fresh node process, <c>rooms</c> rooms of one speaker and
/// <c>listeners</c> listeners joined over signalling, ICE, DTLS and SRTP on the node's UDP socket with the probe
/// stack; each speaker sends a 50 packets/s Opus tone and every listener decrypts and counts what arrives.
/// The load generator (this process) shares the machine's cores with the node; both CPU figures are reported.
/// </summary>
internal sealed class NodeLoadBench(string repositoryRoot, int[] roomSteps, int listenersPerRoom, TimeSpan measure)
{
    private const int PacketsPerSecond = 50;
    private const int ConcurrentJoins = 8;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    public async Task RunAsync()
    {
        Console.WriteLine(Invariant(
            $"node: {listenersPerRoom} listeners per room, {measure.TotalSeconds:F0} s measured after {WarmUp.TotalSeconds:F0} s warm-up, {Environment.ProcessorCount} cores shared by node and generator"));
        Console.WriteLine("| rooms × listeners | offered streams | join s | sent pkt/s | node in / out pkt/s | delivered pkt/s | delivered streams | loss (seq) | loss (delivered vs offered) | node CPU | generator CPU |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var rooms in roomSteps)
        {
            Console.WriteLine(await RunStepAsync(rooms));
        }
    }

    private async Task<string> RunStepAsync(int rooms)
    {
        using var tokens = new BenchVoiceTokens();
        await using var node = await NodeProcess.StartAsync(repositoryRoot, tokens.PublicKeyPem);
        var book = new ProbeLatencyBook();
        var joinStarted = Stopwatch.GetTimestamp();
        var joined = await JoinAllAsync(node, tokens, book, rooms);
        var joinSeconds = Stopwatch.GetElapsedTime(joinStarted).TotalSeconds;
        try
        {
            var speakers = joined.Where(p => p.IsSpeaker).Select(p => p.Participant).ToArray();
            var listeners = joined.Where(p => !p.IsSpeaker).ToArray();
            foreach (var speaker in speakers)
            {
                speaker.StartTone(440);
            }

            await Task.Delay(WarmUp);
            var before = await Snapshot.TakeAsync(node, speakers, listeners);
            await Task.Delay(measure);
            var after = await Snapshot.TakeAsync(node, speakers, listeners);
            return Row(rooms, joinSeconds, before, after);
        }
        finally
        {
            await Task.WhenAll(joined.Select(p => p.Participant.DisposeAsync().AsTask()));
        }
    }

    private async Task<List<Joined>> JoinAllAsync(NodeProcess node, BenchVoiceTokens tokens, ProbeLatencyBook book, int rooms)
    {
        var roles = Enumerable.Range(0, rooms).SelectMany(room => Enumerable.Range(0, listenersPerRoom + 1)
            .Select(index => (Room: $"room-{room}", UserId: $"r{room}-u{index}", SpeakerId: $"r{room}-u0")));
        var joined = new List<Joined>();
        var failures = new List<string>();
        await Parallel.ForEachAsync(roles, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentJoins }, async (role, cancellation) =>
        {
            var (participant, failure) = await ProbeParticipant.JoinAsync(
                node.SignalingUri, tokens.Mint(role.UserId, role.Room), book, TimeProvider.System, TimeSpan.FromSeconds(20),
                decode: false, cancellation);
            lock (joined)
            {
                if (participant is null)
                {
                    failures.Add($"{role.UserId}: {failure}");
                }
                else
                {
                    joined.Add(new Joined(participant, role.UserId == role.SpeakerId, role.SpeakerId));
                }
            }
        });
        if (failures.Count > 0)
        {
            await Task.WhenAll(joined.Select(p => p.Participant.DisposeAsync().AsTask()));
            throw new InvalidOperationException($"{failures.Count} joins failed, first: {failures[0]}");
        }

        return joined;
    }

    private string Row(int rooms, double joinSeconds, Snapshot before, Snapshot after)
    {
        var seconds = (after.At - before.At).TotalSeconds;
        var sent = after.Sent - before.Sent;
        var received = after.Received - before.Received;
        var lost = after.Lost - before.Lost;
        var offered = sent * listenersPerRoom;
        var sequenceLoss = received + lost == 0 ? 100 : 100.0 * lost / (received + lost);
        var deliveredLoss = offered == 0 ? 100 : 100.0 * Math.Max(0, offered - received) / offered;
        var nodeCpu = 100 * (after.NodeCpu - before.NodeCpu).TotalSeconds / seconds;
        var generatorCpu = 100 * (after.GeneratorCpu - before.GeneratorCpu).TotalSeconds / seconds;
        return Invariant(
            $"| {rooms} × {listenersPerRoom} | {rooms * listenersPerRoom:N0} | {joinSeconds:F0} | {sent / seconds:N0} | {NodeRates(before, after, seconds)} | {received / seconds:N0} | {received / seconds / PacketsPerSecond:N0} | {sequenceLoss:F3} % | {deliveredLoss:F3} % | {nodeCpu:F0} % | {generatorCpu:F0} % |");
    }

    private static string NodeRates(Snapshot before, Snapshot after, double seconds) =>
        before.NodePackets is { } start && after.NodePackets is { } end
            ? Invariant($"{(end.In - start.In) / seconds:N0} / {(end.Out - start.Out) / seconds:N0}")
            : "/metrics did not answer in 10 s";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Joined(ProbeParticipant Participant, bool IsSpeaker, string SpeakerId);

    private sealed record Leg(long Packets, long NodeSent, long ReceivedAtReport, long Duplicates, long Reordered)
    {
        public static Leg Of(Joined listener) => listener.Participant.StreamFrom(listener.SpeakerId) is { } stream
            ? new Leg(stream.Packets, stream.AtLastSenderReport?.NodeSent ?? 0, stream.AtLastSenderReport?.Received ?? 0, stream.Duplicates, stream.Reordered)
            : new Leg(-1, 0, 0, 0, 0);
    }

    /// <summary>Cumulative counters at one instant; a step's figures are the difference of two.</summary>
    private sealed record Snapshot(
        TimeSpan At, long Sent, long Received, long Lost, (long In, long Out)? NodePackets, TimeSpan NodeCpu, TimeSpan GeneratorCpu)
    {
        public static async Task<Snapshot> TakeAsync(NodeProcess node, ProbeParticipant[] speakers, Joined[] listeners)
        {
            long received = 0, lost = 0;
            foreach (var listener in listeners)
            {
                if (listener.Participant.StreamFrom(listener.SpeakerId) is { } stream)
                {
                    received += stream.Packets;
                    lost += stream.Lost;
                }
            }

            var listenersAt = Stopwatch.GetElapsedTime(0);
            var legs = listeners.Select(l => Leg.Of(l)).ToArray();
            var nodePackets = await node.PacketCountersAsync();
            var scrapedAt = Stopwatch.GetElapsedTime(0);
            var legsAfterScrape = listeners.Select(l => Leg.Of(l)).ToArray();
            Console.Error.WriteLine(
                $"snapshot: listeners read at {listenersAt.TotalSeconds:F3}, scrape returned +{(scrapedAt - listenersAt).TotalMilliseconds:F0} ms; "
                + $"unresolved {legs.Count(l => l.Packets < 0)}, received {received} (after scrape {legsAfterScrape.Where(l => l.Packets > 0).Sum(l => l.Packets)}), "
                + $"node-reported per leg {legsAfterScrape.Sum(l => l.NodeSent)} vs received at those reports {legsAfterScrape.Sum(l => l.ReceivedAtReport)}, "
                + $"dups {legsAfterScrape.Sum(l => l.Duplicates)}, reordered {legsAfterScrape.Sum(l => l.Reordered)}, "
                + $"listeners with >1 stream {listeners.Count(l => l.Participant.Streams.Count > 1)}, srtp failures {listeners.Sum(l => l.Participant.SrtpFailures)}, "
                + $"sent {speakers.Sum(s => s.PacketsSent)}, node in/out {nodePackets}; generator pool threads {ThreadPool.ThreadCount}, queued {ThreadPool.PendingWorkItemCount}");
            using var generator = Process.GetCurrentProcess();
            return new Snapshot(
                Stopwatch.GetElapsedTime(0), speakers.Sum(s => s.PacketsSent), received, lost, nodePackets, node.ProcessorTime,
                generator.TotalProcessorTime);
        }
    }
}
