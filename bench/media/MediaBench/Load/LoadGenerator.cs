using System.Diagnostics;
using System.Net;
using Together.MediaNode.Probe;
using Together.MediaNode.Transport.Dtls;
using static Together.Bench.Media.Load.LinuxUdp;

namespace Together.Bench.Media.Load;

/// <summary>
/// Thousands of WebRTC participants from one process on three threads: a receive thread (recvmmsg on the one
/// shared socket, routing by destination address; it drains the socket, then sleeps 2 ms, so a system call and a
/// wake-up serve many packets — delays are measured from the kernel's arrival stamp, so the sleep is not in them), a send thread (every speaker's packet once per 20 ms, phases
/// spread over 1 ms slots so the node sees a steady stream rather than 50 bursts a second, one sendmmsg per slot),
/// and a timer thread (ICE consent for everyone). Signalling stays on the probe's WebSocket client.
/// </summary>
internal sealed class LoadGenerator : IDisposable
{
    private const int MaxClients = 65_000;
    private const int Slots = 20;
    private const int ReceiveBatchSize = 256;

    /// <summary>The receive thread's nap once the socket is drained: fewer wake-ups, and the delays are kernel-stamped.</summary>
    private const int ReceivePause = 2;
    private static readonly TimeSpan TimerInterval = TimeSpan.FromMilliseconds(200);

    private readonly LoadClient?[] _clients = new LoadClient?[MaxClients];
    private readonly List<LoadClient>[] _speakersBySlot = Enumerable.Range(0, Slots).Select(_ => new List<LoadClient>()).ToArray();
    private readonly LatencyHistogram _delays = new();
    private readonly Thread _receiver;
    private readonly Thread _sender;
    private readonly Thread _timer;
    private volatile bool _stopping;
    private int _clientCount;
    private int _speakerCount;

    public LoadGenerator(IPEndPoint node)
    {
        NodeAddress = SharedUdpSocket.Destination(node);
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = "load receive" };
        _sender = new Thread(SendLoop) { IsBackground = true, Name = "load send" };
        _timer = new Thread(TimerLoop) { IsBackground = true, Name = "load timers" };
        _receiver.Start();
        _sender.Start();
        _timer.Start();
    }

    public SharedUdpSocket Socket { get; } = new();

    public SockAddrIn NodeAddress { get; }

    /// <summary>DTLS client handshakes each hold a thread blocked in BouncyCastle: a few at a time.</summary>
    public DtlsHandshakeGate HandshakeGate { get; } = new(8);

    public IEnumerable<LoadClient> Clients => _clients.Take(Volatile.Read(ref _clientCount)).OfType<LoadClient>();

    public long[] Delays() => _delays.Copy();

    /// <summary>The media path for one participant (<see cref="ProbeJoinOptions.Media"/>).</summary>
    public LoadClient CreateClient(ProbeMediaSetup setup, int room, bool speaker)
    {
        var index = Interlocked.Increment(ref _clientCount) - 1;
        var client = new LoadClient(this, index, setup, room, speaker);
        Volatile.Write(ref _clients[index], client);
        return client;
    }

    /// <summary>Speakers send from now on, each in its own 1 ms slot of the 20 ms period.</summary>
    public void StartSpeaking(LoadClient speaker)
    {
        var slot = _speakersBySlot[Interlocked.Increment(ref _speakerCount) % Slots];
        lock (slot)
        {
            slot.Add(speaker);
        }
    }

    private void ReceiveLoop()
    {
        using var batch = new SharedUdpSocket.ReceiveBatch(ReceiveBatchSize);
        while (!_stopping)
        {
            var count = Socket.Receive(batch);
            for (var i = 0; i < count; i++)
            {
                var (destination, arrival) = batch.Ancillary(i);
                var index = SharedUdpSocket.ClientIndex(destination);
                if (index >= 0 && index < MaxClients && Volatile.Read(ref _clients[index]) is { } client)
                {
                    client.OnDatagram(batch.Datagram(i), arrival, _delays);
                }
            }

            if (count < batch.Capacity)
            {
                Thread.Sleep(ReceivePause);
            }
        }
    }

    private void SendLoop()
    {
        using var batch = new SharedUdpSocket.SendBatch(256);
        var start = Stopwatch.GetTimestamp();
        var slotTicks = Stopwatch.Frequency / 1000;
        for (long tick = 0; !_stopping; tick++)
        {
            var wait = start + (tick * slotTicks) - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                // Sleep(1) lasts ~1.1 ms here: late slots run back to back, so each speaker still averages 50 packets/s.
                Thread.Sleep(Math.Max(1, (int)(wait * 1000 / Stopwatch.Frequency)));
            }

            var slot = _speakersBySlot[tick % Slots];
            lock (slot)
            {
                var now = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
                foreach (var speaker in slot)
                {
                    var length = speaker.WriteNextPacket(batch.Next, now);
                    if (length > 0)
                    {
                        batch.Add(speaker.Address, NodeAddress, length);
                    }

                    if (batch.Count == batch.Capacity)
                    {
                        Socket.Send(batch);
                    }
                }
            }

            Socket.Send(batch);
        }
    }

    private void TimerLoop()
    {
        while (!_stopping)
        {
            Thread.Sleep(TimerInterval);
            var now = DateTimeOffset.UtcNow;
            var count = Volatile.Read(ref _clientCount);
            for (var i = 0; i < count; i++)
            {
                Volatile.Read(ref _clients[i])?.OnTimer(now);
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _sender.Join();
        _timer.Join();
        _receiver.Join();
        Socket.Dispose();
        HandshakeGate.Dispose();
    }
}
