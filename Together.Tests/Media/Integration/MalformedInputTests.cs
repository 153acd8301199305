using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Together.MediaNode.Sfu;
using Together.Tests.Media.Sfu;
using Together.Tests.Media.Transport;
using Together.Tests.Media.Transport.Sdp;

namespace Together.Tests.Media.Integration;

/// <summary>
/// A seeded mutation run (research §2.4) against a live node while two probes talk through it: malformed STUN,
/// DTLS, RTP and RTCP on the media port, malformed plaintext RTP/RTCP behind SRTP, malformed SDP offers and
/// signalling JSON. The node must stay up and the running session must not lose a packet.
/// </summary>
public sealed class MalformedInputTests : NodeWithProbesTest
{
    private const int Seed = 20261126;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task Mutated_input_on_every_surface_neither_crashes_the_node_nor_disturbs_a_running_call()
    {
        await Probes.JoinAsync("alice", "call", toneHz: 440);
        var bob = await Probes.JoinAsync("bob", "call", toneHz: 660);
        var stream = await ProbeSession.WaitForAudioAsync(bob, "alice", 25);

        var random = new Random(Seed);
        var sent = await MutateDatagramsAsync(random);
        MutateDecryptedMedia(random);
        var offers = await MutateSignalingAsync(random);

        var before = stream.Packets;
        await Task.Delay(1000);
        Assert.True(stream.Packets - before >= 25, $"the call slowed to {stream.Packets - before} packets/s after the run (50 sent)");
        Assert.Equal(0, stream.Lost);
        using var http = Node.CreateControlClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/media/control/rooms/call", UriKind.Relative))).StatusCode);
        Assert.True(sent > 1000, $"{sent} datagrams");
        Assert.True(offers > 50, $"{offers} signalling sessions");
    }

    private async Task<int> MutateDatagramsAsync(Random random)
    {
        var port = Node.Services.GetRequiredService<Together.MediaNode.Host.UdpMediaHost>().LocalEndPoint!.Port;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var target = new IPEndPoint(IPAddress.Loopback, port);
        byte[][] corpus = [Rfc5769Vectors.Request, ClientHello(), SfuFixture.Rtp(0x1234, 1, 960), Rtcp()];
        var deadline = DateTime.UtcNow + Budget;
        var sent = 0;
        while (DateTime.UtcNow < deadline)
        {
            // Bursts small enough that the kernel's socket buffer (net.core.rmem_max caps it near 400 KB) never
            // overflows while a loaded machine deschedules the receive loop: this run is about malformed input,
            // not volume, and a kernel drop would read as the call being disturbed.
            for (var i = 0; i < 50; i++, sent++)
            {
                socket.SendTo(Mutate(random, corpus[random.Next(corpus.Length)]), target);
            }

            await Task.Delay(5);
        }

        return sent;
    }

    /// <summary>Behind SRTP the SFU parses plaintext: feed it mutations directly, as a decrypting transport would.</summary>
    private void MutateDecryptedMedia(Random random)
    {
        var signals = new RecordingSignals();
        var intruder = Node.Rooms.TryJoin("fuzz", "intruder", true, SfuFixture.ChromeRtp, new RecordingLink(), signals)!;
        Node.Rooms.TryJoin("fuzz", "listener", true, SfuFixture.ChromeRtp, new RecordingLink(), new RecordingSignals());
        byte[][] rtp = [SfuFixture.Rtp(0xA1, 1, 960), SfuFixture.Rtp(0xA1, 2, 1920, payloadLength: 1)];
        var deadline = DateTime.UtcNow + Budget;
        while (DateTime.UtcNow < deadline)
        {
            for (var i = 0; i < 1000; i++)
            {
                intruder.Room.ForwardRtp(intruder, Mutate(random, rtp[random.Next(rtp.Length)]));
                intruder.Room.ReceiveRtcp(intruder, Mutate(random, Rtcp()));
            }
        }

        Node.Rooms.Leave(intruder, RemovalReason.Left);
    }

    private async Task<int> MutateSignalingAsync(Random random)
    {
        var offer = Encoding.UTF8.GetBytes(SdpTestData.Read("chromium-offer.sdp"));
        var deadline = DateTime.UtcNow + Budget;
        var sessions = 0;
        while (DateTime.UtcNow < deadline)
        {
            await using var client = await SignalingClient.ConnectAsync(Node.SignalingUri(Node.Tokens.Issue($"fuzz-{sessions}", "fuzz-room")));
            var sdp = Encoding.UTF8.GetString(Mutate(random, offer));
            await client.SendAsync("offer", new { sdp });
            var json = Encoding.UTF8.GetString(Mutate(random, Encoding.UTF8.GetBytes("{\"op\":\"mute\",\"d\":{\"muted\":true}}")));
            await client.SendRawAsync(json);
            var reply = await client.ReceiveAsync(TimeSpan.FromSeconds(5));
            Assert.True(reply is null || reply.Value.GetProperty("op").GetString() is "answer" or "error" or "participants");
            await client.SendAsync("leave");
            sessions++;
        }

        return sessions;
    }

    private static byte[] Mutate(Random random, byte[] input)
    {
        var data = input.ToList();
        for (var i = random.Next(1, 6); i > 0 && data.Count > 0; i--)
        {
            var position = random.Next(data.Count);
            switch (random.Next(5))
            {
                case 0:
                    data[position] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    data[position] = (byte)random.Next(256);
                    break;
                case 2:
                    data.RemoveRange(position, Math.Min(data.Count - position, random.Next(1, 16)));
                    break;
                case 3:
                    data.InsertRange(position, Enumerable.Range(0, random.Next(1, 16)).Select(_ => (byte)random.Next(256)));
                    break;
                default:
                    data.RemoveRange(position, data.Count - position);
                    break;
            }
        }

        return [.. data];
    }

    private static byte[] ClientHello()
    {
        var hello = new byte[120];
        hello[0] = 22;
        hello[1] = 0xFE;
        hello[2] = 0xFF;
        BinaryPrimitives.WriteUInt16BigEndian(hello.AsSpan(11), 107);
        hello[13] = 1;
        return hello;
    }

    private static byte[] Rtcp()
    {
        var packet = new byte[32];
        packet[0] = 0x81;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 7);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0xA1);
        return packet;
    }
}
