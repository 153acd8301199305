using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Together.MediaNode;
using Together.MediaNode.Control;
using Together.MediaNode.Sfu;
using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Rtp;
using Together.MediaNode.Transport.Srtp;

namespace Together.Bench.Media;

/// <summary>
/// The node's forwarding path at full speed, sockets excluded: SRTP-decrypt a publisher's packet, forward it through
/// the room (rewrite per leg), SRTP-encrypt it per subscriber. One room per "speaker"; each worker thread owns its
/// rooms, as the node's per-room locks let it.
/// </summary>
internal sealed class ForwardingBench(int rooms, int listenersPerRoom, int threads, TimeSpan duration, SrtpProfile profile)
{
    private const int PacketsPerPublisher = 4096;
    private const int OpusPayload = 80;

    public void Run()
    {
        Console.WriteLine($"forward: {rooms} rooms x (1 speaker + {listenersPerRoom} listeners), {threads} threads, {duration.TotalSeconds:F0} s, SRTP {profile}");
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new MediaNodeMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var sfu = new SfuRooms(
            Options.Create(new MediaNodeOptions { MaxParticipantsPerRoom = listenersPerRoom + 1 }),
            TimeProvider.System, metrics, new LoggingMediaNodeEvents(NullLogger<LoggingMediaNodeEvents>.Instance));
        var speakers = Enumerable.Range(0, rooms).Select(i => Speaker.Create(sfu, $"room-{i}", listenersPerRoom, profile)).ToArray();

        Warm(speakers);
        var allocationPerPacket = MeasureAllocations(speakers);
        var workers = Enumerable.Range(0, threads)
            .Select(t => new Worker(speakers.Where((_, i) => i % threads == t).ToArray(), duration))
            .ToArray();
        var started = Stopwatch.GetTimestamp();
        var running = workers.Select(w => new Thread(w.Run) { IsBackground = true }).ToArray();
        foreach (var thread in running)
        {
            thread.Start();
        }

        foreach (var thread in running)
        {
            thread.Join();
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var ingress = workers.Sum(w => w.Ingress);
        var legs = workers.Sum(w => w.Legs);
        var latencies = workers.SelectMany(w => w.Latencies.Take(w.LatencyCount)).Order().ToArray();
        Console.WriteLine($"  ingress packets/s      {ingress / seconds,12:N0}");
        Console.WriteLine($"  forwarded packets/s    {legs / seconds,12:N0}");
        Console.WriteLine($"  streams at 50 pps      {legs / seconds / 50,12:N0}");
        Console.WriteLine($"  SFU-added latency      p50 {Micro(latencies, 0.50):F1} us, p99 {Micro(latencies, 0.99):F1} us, max {Micro(latencies, 1.0):F1} us (ingress decrypt -> leg encrypted)");
        Console.WriteLine($"  allocated per packet   {allocationPerPacket:F3} B per forwarded packet (decrypt + forward + per-leg encrypt)");
    }

    private static void Warm(Speaker[] speakers)
    {
        foreach (var speaker in speakers)
        {
            for (var i = 0; i < 64; i++)
            {
                speaker.ForwardNext(out _);
            }
        }
    }

    /// <summary>Bytes allocated on this thread per forwarded packet, over packets that stay inside one replay window.</summary>
    private static double MeasureAllocations(Speaker[] speakers)
    {
        long legs = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var speaker in speakers)
        {
            for (var i = 0; i < 3000; i++)
            {
                speaker.ForwardNext(out var forwarded);
                legs += forwarded;
            }
        }

        return (double)(GC.GetAllocatedBytesForCurrentThread() - before) / Math.Max(1, legs);
    }

    private static double Micro(long[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))] * 1_000_000.0 / Stopwatch.Frequency;

    private sealed class Worker(Speaker[] speakers, TimeSpan duration)
    {
        public long Ingress { get; private set; }
        public long Legs { get; private set; }
        public long[] Latencies { get; } = new long[2_000_000];
        public int LatencyCount { get; private set; }

        public void Run()
        {
            var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            var sample = 0;
            while (Stopwatch.GetTimestamp() < until)
            {
                foreach (var speaker in speakers)
                {
                    var ingress = Stopwatch.GetTimestamp();
                    Speaker.Ingress = ingress;
                    speaker.ForwardNext(out var legs);
                    Ingress++;
                    Legs += legs;
                    if (++sample % 16 == 0 && LatencyCount < Latencies.Length)
                    {
                        Latencies[LatencyCount++] = speaker.LastLegSentAt - ingress;
                    }
                }
            }
        }
    }

    /// <summary>A browser publishing into one room: its SRTP packets, pre-encrypted, and the node's inbound session.</summary>
    private sealed class Speaker
    {
        [ThreadStatic]
        public static long Ingress;

        private readonly byte[][] _protected;
        private readonly int[] _lengths;
        private readonly byte[] _buffer = new byte[1600];
        private readonly Participant _participant;
        private readonly CountingLink[] _listeners;
        private SrtpSession _nodeInbound;
        private int _next;

        private Speaker(Participant participant, SrtpSession nodeInbound, byte[][] packets, int[] lengths, CountingLink[] listeners)
        {
            _participant = participant;
            _nodeInbound = nodeInbound;
            _protected = packets;
            _lengths = lengths;
            _listeners = listeners;
        }

        public long LastLegSentAt => _listeners[^1].LastSentAt;

        public static Speaker Create(SfuRooms sfu, string room, int listeners, SrtpProfile profile)
        {
            var keys = Keys(profile);
            var browser = SrtpSession.ForOutbound(keys, localIsDtlsServer: false);
            var rtp = new AudioRtpParameters(111, 1, 4);
            var participant = sfu.TryJoin(room, "speaker", true, rtp, new CountingLink(profile), new QuietSignals())!;
            var links = new CountingLink[listeners];
            for (var i = 0; i < listeners; i++)
            {
                links[i] = new CountingLink(profile);
                var listener = sfu.TryJoin(room, $"listener-{i}", true, rtp, links[i], new QuietSignals())!;
                var offer = listener.Room.TakeOffer(listener)!;
                listener.Room.AnswerApplied(listener, offer.Version);
            }

            var packets = new byte[PacketsPerPublisher][];
            var lengths = new int[PacketsPerPublisher];
            var payload = new byte[OpusPayload];
            RandomNumberGenerator.Fill(payload);
            for (var i = 0; i < packets.Length; i++)
            {
                var scratch = new byte[1600];
                var fields = new RtpPacketFields(111, false, (ushort)i, (uint)(i * 960), 0x5EED, true, 30);
                RtpPacketWriter.TryWrite(scratch, fields, new RtpExtensionIds(1, 4), "0"u8, payload, out var length);
                browser.TryProtectRtp(scratch, length, out lengths[i]);
                packets[i] = scratch[..lengths[i]];
            }

            return new Speaker(participant, SrtpSession.ForInbound(keys, localIsDtlsServer: true), packets, lengths, links)
            {
                KeysForReplay = keys,
            };
        }

        private SrtpKeyMaterial KeysForReplay { get; init; } = null!;

        public void ForwardNext(out int legs)
        {
            if (_next == _protected.Length)
            {
                // The pre-encrypted packets repeat: a fresh inbound session resets the replay window, once per 4096 packets.
                _next = 0;
                _nodeInbound = SrtpSession.ForInbound(KeysForReplay, localIsDtlsServer: true);
            }

            var length = _lengths[_next];
            _protected[_next].AsSpan(0, length).CopyTo(_buffer);
            _next++;
            var before = _listeners[0].Sent;
            if (_nodeInbound.TryUnprotectRtp(_buffer.AsSpan(0, length), out var plain))
            {
                _participant.Room.ForwardRtp(_participant, _buffer.AsSpan(0, plain));
            }

            legs = (int)(_listeners[0].Sent - before) * _listeners.Length;
        }

    }

    private static SrtpKeyMaterial Keys(SrtpProfile profile)
    {
        var saltLength = profile == SrtpProfile.AeadAes128Gcm ? 12 : 14;
        return new SrtpKeyMaterial(
            profile,
            RandomNumberGenerator.GetBytes(16), RandomNumberGenerator.GetBytes(saltLength),
            RandomNumberGenerator.GetBytes(16), RandomNumberGenerator.GetBytes(saltLength));
    }

    /// <summary>A subscriber's transport: encrypts each packet with its own SRTP context, then drops it (no socket).</summary>
    private sealed class CountingLink(SrtpProfile profile) : IMediaLink
    {
        private readonly SrtpSession _outbound = SrtpSession.ForOutbound(Keys(profile), localIsDtlsServer: true);

        public long Sent { get; private set; }
        public long LastSentAt { get; private set; }

        public bool TrySendRtp(Span<byte> buffer, int length)
        {
            if (!_outbound.TryProtectRtp(buffer, length, out _))
            {
                return false;
            }

            Sent++;
            LastSentAt = Stopwatch.GetTimestamp();
            return true;
        }

        public bool TrySendRtcp(Span<byte> buffer, int length) => _outbound.TryProtectRtcp(buffer, length, out _);
    }

    private sealed class QuietSignals : IParticipantSignals
    {
        public void RenegotiationNeeded()
        {
        }

        public void ParticipantsChanged(IReadOnlyList<ParticipantState> participants)
        {
        }

        public void SpeakingChanged(string userId, bool speaking)
        {
        }

        public void Removed(RemovalReason reason)
        {
        }
    }
}
