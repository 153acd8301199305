using System.Diagnostics;
using System.Globalization;
using Together.MediaNode.Probe;
using Together.MediaNode.Signaling;
using Together.MediaNode.Transport.Dtls;

namespace Together.Bench.Media.Load;

/// <summary>
/// Forwarded streams the real node process sustains over real UDP with DTLS-SRTP. Rooms of one speaker and
/// <c>listeners</c> listeners join through signalling (the probe's WebSocket client), ICE and DTLS; media runs on
/// the <see cref="LoadGenerator"/>. The ramp adds rooms to the same node; each step warms up, then reads every
/// counter once before and once after the window: the node's (scrape), its per-leg counts (sender reports), the
/// listeners', and both processes' CPU time.
/// </summary>
internal sealed class NodeLoadBench(string repositoryRoot, int[] streamSteps, int listenersPerRoom, TimeSpan measure, int? nodeCpu)
{
    private const int PacketsPerSecond = 50;
    private const int ConcurrentJoins = 16;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    public async Task RunAsync()
    {
        using var tokens = VoiceTokenIssuer.WithNewKey();
        await using var node = await NodeProcess.StartAsync(repositoryRoot, tokens.PublicKeyPem, nodeCpu);
        using var generator = new LoadGenerator(node.UdpEndPoint);
        var certificate = DtlsCertificate.Generate(TimeProvider.System);
        var participants = new List<ProbeParticipant>();
        Console.WriteLine(Invariant(
            $"node: {listenersPerRoom} listeners per room, {measure.TotalSeconds:F0} s measured after {WarmUp.TotalSeconds:F0} s warm-up; node pid {node.Id} on CPU {(nodeCpu?.ToString(CultureInfo.InvariantCulture) ?? "any")}, generator on {Environment.ProcessorCount} CPU(s)"));
        Console.WriteLine("| streams | rooms × listeners | join s | sent pkt/s | node in / out pkt/s | delivered pkt/s | loss (seq) | node per-leg count vs delivered | foreign / dup / late / SRTP fail | delay p50 / p99 / p99.9 / max ms | node CPU | generator CPU (per 1,000 streams) | /health, /metrics max ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        try
        {
            var rooms = 0;
            foreach (var streams in streamSteps)
            {
                var target = (streams + listenersPerRoom - 1) / listenersPerRoom;
                var joinStarted = Stopwatch.GetTimestamp();
                var (joined, failure) = await JoinRoomsAsync(node, tokens, generator, certificate, rooms, target);
                participants.AddRange(joined);
                if (failure is not null)
                {
                    // Past the node's ceiling joins time out; the rows so far stand.
                    Console.WriteLine(Invariant($"| {streams:N0} | {target} × {listenersPerRoom} | joins failed: {failure} |"));
                    break;
                }

                var joinSeconds = Stopwatch.GetElapsedTime(joinStarted).TotalSeconds;
                foreach (var speaker in generator.Clients.Where(c => c.IsSpeaker && c.Room >= rooms))
                {
                    generator.StartSpeaking(speaker);
                }

                rooms = target;
                await WaitUntilEveryListenerHearsAsync(generator);
                await Task.Delay(WarmUp);
                await node.PacketCountersAsync(); // the first scrape compiles the exporter: never inside a window
                Console.WriteLine(await MeasureAsync(node, generator, rooms, joinSeconds));
            }
        }
        finally
        {
            await Parallel.ForEachAsync(participants, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (p, _) => await p.DisposeAsync());
        }
    }

    private async Task<(List<ProbeParticipant> Joined, string? Failure)> JoinRoomsAsync(
        NodeProcess node, VoiceTokenIssuer tokens, LoadGenerator generator, DtlsCertificate certificate, int from, int to)
    {
        var roles = Enumerable.Range(from, to - from).SelectMany(room => Enumerable.Range(0, listenersPerRoom + 1)
            .Select(index => (Room: room, Index: index)));
        var joined = new List<ProbeParticipant>();
        var failures = new List<string>();
        await Parallel.ForEachAsync(roles, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentJoins }, async (role, cancellation) =>
        {
            var options = new ProbeJoinOptions(new ProbeLatencyBook(), TimeProvider.System, TimeSpan.FromSeconds(30))
            {
                Certificate = certificate,
                Media = setup => generator.CreateClient(setup, role.Room, speaker: role.Index == 0),
            };
            var (participant, failure) = await ProbeParticipant.JoinAsync(
                node.SignalingUri, tokens.Issue($"r{role.Room}-u{role.Index}", $"room-{role.Room}"), options, cancellation);
            lock (joined)
            {
                if (participant is null)
                {
                    failures.Add($"r{role.Room}-u{role.Index}: {failure}");
                }
                else
                {
                    joined.Add(participant);
                }
            }
        });
        return (joined, failures.Count == 0 ? null : $"{failures.Count}, first {failures[0]}");
    }

    /// <summary>A step starts only when every listener has its speaker's stream: nobody is counted from the middle.</summary>
    private static async Task WaitUntilEveryListenerHearsAsync(LoadGenerator generator)
    {
        var deadline = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        while (generator.Clients.Any(c => !c.IsSpeaker && c.Leg.Received == 0))
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                // Measured anyway: their silence shows as loss only if their speaker's sequence moves, so say it.
                Console.WriteLine(Invariant($"note: {generator.Clients.Count(c => !c.IsSpeaker && c.Leg.Received == 0)} listeners hear nothing after 60 s"));
                return;
            }

            await Task.Delay(100);
        }
    }

    private async Task<string> MeasureAsync(NodeProcess node, LoadGenerator generator, int rooms, double joinSeconds)
    {
        var before = await Snapshot.TakeAsync(node, generator);
        var health = node.PollHealthAsync(measure);
        await Task.Delay(measure);
        var after = await Snapshot.TakeAsync(node, generator);
        var healthMax = await health;

        var seconds = (after.At - before.At).TotalSeconds;
        double Rate(Func<Snapshot, long> read) => (read(after) - read(before)) / seconds;
        var expected = after.Expected - before.Expected;
        var unique = after.Unique - before.Unique;
        var loss = expected == 0 ? 100 : 100.0 * (expected - unique) / expected;
        var legNode = after.NodeSentAtReport - before.NodeSentAtReport;
        var legSeen = after.UniqueAtReport - before.UniqueAtReport;
        var nodeCpu = 100 * (after.NodeCpu - before.NodeCpu).TotalSeconds / seconds;
        var generatorCpu = 100 * (after.GeneratorCpu - before.GeneratorCpu).TotalSeconds / seconds;
        var streams = rooms * listenersPerRoom;
        string Delay(double q) => LatencyHistogram.Quantile(before.Delays, after.Delays, q).ToString("F2", CultureInfo.InvariantCulture);
        var nodeRates = before.Node is { } start && after.Node is { } end
            ? Invariant($"{(end.In - start.In) / seconds:N0} / {(end.Out - start.Out) / seconds:N0}")
            : "no scrape";
        return Invariant(
            $"| {streams:N0} | {rooms} × {listenersPerRoom} | {joinSeconds:F0} | {Rate(s => s.Sent):N0} | {nodeRates} | {Rate(s => s.Received):N0} | {loss:F3} % | {legNode:N0} vs {legSeen:N0} | {after.Foreign - before.Foreign} / {after.Duplicates - before.Duplicates} / {after.Late - before.Late} / {after.SrtpFailures - before.SrtpFailures} | {Delay(0.5)} / {Delay(0.99)} / {Delay(0.999)} / {Delay(1)} | {nodeCpu:F0} % | {generatorCpu:F0} % ({generatorCpu * 1000 / streams:F1} %) | {healthMax.TotalMilliseconds:F0}, {Math.Max(before.ScrapeTime.TotalMilliseconds, after.ScrapeTime.TotalMilliseconds):F0} |");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Every counter at one instant: the generator's are read just before and just after the node's scrape and
    /// averaged, so both sides describe the same moment even when the scrape is slow.
    /// </summary>
    private sealed record Snapshot(
        TimeSpan At, long Sent, long Received, long Expected, long Unique, long Duplicates, long Late, long Foreign, long SrtpFailures,
        long NodeSentAtReport, long UniqueAtReport, long[] Delays, (long In, long Out)? Node, TimeSpan ScrapeTime, TimeSpan NodeCpu,
        TimeSpan GeneratorCpu)
    {
        public static async Task<Snapshot> TakeAsync(NodeProcess node, LoadGenerator generator)
        {
            var first = Read(generator);
            var started = Stopwatch.GetTimestamp();
            var packets = await node.PacketCountersAsync();
            var scrape = Stopwatch.GetElapsedTime(started);
            var second = Read(generator);
            using var self = Process.GetCurrentProcess();
            return new Snapshot(
                (first.At + second.At) / 2, Mid(first.Sent, second.Sent), Mid(first.Received, second.Received),
                Mid(first.Expected, second.Expected), Mid(first.Unique, second.Unique), second.Duplicates, second.Late, second.Foreign,
                second.SrtpFailures, second.NodeSentAtReport, second.UniqueAtReport, second.Delays, packets, scrape, node.ProcessorTime,
                self.TotalProcessorTime);
        }

        private static long Mid(long a, long b) => (a + b) / 2;

        private static Snapshot Read(LoadGenerator generator)
        {
            long sent = 0, received = 0, expected = 0, unique = 0, duplicates = 0, late = 0, foreign = 0, failures = 0, nodeLeg = 0, seenLeg = 0;
            foreach (var client in generator.Clients)
            {
                var leg = client.Leg;
                sent += client.PacketsSent;
                received += leg.Received;
                expected += leg.Expected;
                unique += leg.Unique;
                duplicates += leg.Duplicates;
                late += leg.Late;
                foreign += leg.Foreign + leg.OtherStream + leg.Unrecognised;
                failures += leg.SrtpFailures;
                nodeLeg += leg.NodeSentAtReport;
                seenLeg += leg.UniqueAtReport;
            }

            return new Snapshot(Stopwatch.GetElapsedTime(0), sent, received, expected, unique, duplicates, late, foreign, failures, nodeLeg,
                seenLeg, generator.Delays(), null, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        }
    }
}
