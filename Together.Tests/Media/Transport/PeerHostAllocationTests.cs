using Together.MediaNode.Transport.Ice;
using Together.MediaNode.Transport.Peer;
using Together.MediaNode.Transport.Srtp;
using Xunit.Abstractions;

namespace Together.Tests.Media.Transport;

/// <summary>
/// Allocation per datagram through the real UDP host. Measured over the whole process, so it runs alone: other
/// tests running in parallel would be counted too.
/// </summary>
[Collection(Name)]
public sealed class PeerHostAllocationTests(ITestOutputHelper output)
{
    private const string Name = "Process-wide allocation measurements";

    [Fact]
    public async Task Udp_receive_path_allocates_almost_nothing_per_rtp_datagram()
    {
        await using var node = await MediaTransportTestHost.StartAsync();
        var handler = new CountingPeerHandler();
        var nodeCredentials = IceCredentials.Generate();
        await using var client = PeerHostClient.OverUdp(node.UdpEndPoint);
        node.Registry.Register(new PeerRegistration(nodeCredentials, client.Credentials.Ufrag, PeerHostClient.Fingerprint), handler);
        Assert.True((await client.ConnectAsync(nodeCredentials, node.Registry.LocalFingerprint)).Succeeded);
        var packets = client.PrepareRtp(10_000, 0x42);
        for (int i = 0; i < 200; i++)
        {
            client.SendRaw(packets[i]);
        }

        await Eventually.TrueAsync(() => handler.Rtp == 200, TimeSpan.FromSeconds(5), "warm-up packets delivered");

        // Five batches, each measured over the whole process (the host's 100 ms timer, the thread pool, the
        // test framework). A cost per datagram shows in every batch; a one-off (a thread pool thread starting,
        // a pool growing) in one. One IPEndPoint, SocketAddress or Task per datagram would cost 40-100+ bytes.
        const int batch = 1960;
        var perPacket = new List<double>();
        for (int first = 200; first + batch <= packets.Length; first += batch)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            int start = first;
            var sender = new Thread(() =>
            {
                for (int i = start; i < start + batch; i++)
                {
                    client.SendRaw(packets[i]);
                    if (i % 100 == 0)
                    {
                        Thread.Sleep(1); // let the receive loop keep up, so the kernel buffer never drops
                    }
                }
            });
            sender.Start();
            sender.Join();
            await Eventually.TrueAsync(() => handler.Rtp == start + batch, TimeSpan.FromSeconds(10), "the batch delivered");
            perPacket.Add((GC.GetTotalAllocatedBytes(precise: true) - before) / (double)batch);
        }

        output.WriteLine($"bytes allocated per RTP datagram, per batch (whole process): {string.Join(", ", perPacket.Select(p => p.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}");
        // Noise from a loaded machine only adds (longer polling, more timer ticks), while a cost per datagram is in
        // every batch: the quietest batch is the measure.
        Assert.InRange(perPacket.Min(), 0, 8);
    }

    private sealed class CountingPeerHandler : IPeerTransportHandler
    {
        private int _rtp;

        public int Rtp => Volatile.Read(ref _rtp);

        public void OnConnected(PeerTransport peer, SrtpProfile profile)
        {
        }

        public void OnDisconnected(PeerTransport peer, PeerDisconnectReason reason, string? detail)
        {
        }

        public void OnRtp(PeerTransport peer, Span<byte> packet) => Interlocked.Increment(ref _rtp);

        public void OnRtcp(PeerTransport peer, Span<byte> packet)
        {
        }
    }
}

[CollectionDefinition("Process-wide allocation measurements", DisableParallelization = true)]
public sealed class ProcessWideAllocationCollection;
