using System.Buffers.Binary;
using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Srtp;
using static Together.Tests.Media.Transport.Srtp.SrtpTestPackets;

namespace Together.Tests.Media.Transport.Srtp;

public sealed class SrtpSessionTests
{
    public static TheoryData<SrtpProfile> Profiles => [SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm];

    private static (SrtpSession Sender, SrtpSession Receiver) Pair(SrtpProfile profile)
    {
        var keys = Keys(profile);
        return (SrtpSession.ForOutbound(keys, localIsDtlsServer: true), SrtpSession.ForInbound(keys, localIsDtlsServer: false));
    }

    private static SrtpKeyMaterial Keys(SrtpProfile profile)
    {
        var saltLength = profile == SrtpProfile.AeadAes128Gcm ? 12 : 14;
        byte[] Fill(int length, byte seed) => [.. Enumerable.Range(0, length).Select(i => (byte)(seed + (i * 7)))];
        return new SrtpKeyMaterial(profile, Fill(16, 1), Fill(saltLength, 2), Fill(16, 3), Fill(saltLength, 4));
    }

    private static byte[] Protect(SrtpSession sender, uint ssrc, ushort seq)
    {
        var packet = RtpPacket(ssrc, seq);
        Assert.True(sender.TryProtectRtp(packet, 12 + 60, out var length));
        return packet[..length];
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Round_trip_restores_the_packet_and_encrypts_the_payload(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var original = RtpPacket(0x11223344, 1000)[..72];

        var wire = Protect(sender, 0x11223344, 1000);

        Assert.Equal(original[..12], wire[..12]);
        Assert.NotEqual(original[12..], wire[12..72]);
        Assert.True(receiver.TryUnprotectRtp(wire, out var length));
        Assert.Equal(original, wire[..length]);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Keys_of_the_other_direction_do_not_authenticate(SrtpProfile profile)
    {
        var keys = Keys(profile);
        using var sender = SrtpSession.ForOutbound(keys, localIsDtlsServer: true);
        using var wrongHalf = SrtpSession.ForInbound(keys, localIsDtlsServer: true);

        Assert.False(wrongHalf.TryUnprotectRtp(Protect(sender, 7, 1), out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Any_flipped_bit_is_rejected_and_does_not_disturb_the_stream(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var wire = Protect(sender, 5, 10);
        foreach (var position in new[] { 1, 3, 11, 20, wire.Length - 1 })
        {
            var forged = wire.ToArray();
            forged[position] ^= 0x01;
            Assert.False(receiver.TryUnprotectRtp(forged, out var length));
            Assert.Equal(0, length);
        }

        Assert.True(receiver.TryUnprotectRtp(wire, out _));
        Assert.Equal((5L, 0L), (receiver.AuthenticationFailures, receiver.ReplaysRejected));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_forged_packet_far_ahead_does_not_move_the_rollover_counter(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        Assert.True(receiver.TryUnprotectRtp(Protect(sender, 5, 65000), out _));
        var forged = Protect(sender, 5, 100);
        forged[^1] ^= 0xFF;

        Assert.False(receiver.TryUnprotectRtp(forged, out _));
        Assert.True(receiver.TryUnprotectRtp(Protect(sender, 5, 65001), out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_replayed_packet_is_rejected(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var wire = Protect(sender, 9, 500);

        Assert.True(receiver.TryUnprotectRtp(wire.ToArray(), out _));
        Assert.False(receiver.TryUnprotectRtp(wire.ToArray(), out _));
        Assert.Equal((0L, 1L), (receiver.AuthenticationFailures, receiver.ReplaysRejected));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Reordered_packets_are_accepted_once_and_packets_older_than_the_window_are_not(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var packets = Enumerable.Range(0, 300).Select(seq => Protect(sender, 3, (ushort)seq)).ToArray();

        Assert.True(receiver.TryUnprotectRtp(packets[200].ToArray(), out _));
        Assert.True(receiver.TryUnprotectRtp(packets[199].ToArray(), out _));
        Assert.True(receiver.TryUnprotectRtp(packets[73].ToArray(), out _));
        Assert.False(receiver.TryUnprotectRtp(packets[73].ToArray(), out _));
        Assert.False(receiver.TryUnprotectRtp(packets[72].ToArray(), out _));
        Assert.True(receiver.TryUnprotectRtp(packets[201].ToArray(), out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Seventy_thousand_packets_reordered_across_the_sequence_wrap_all_decrypt(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        const int Count = 70_000;
        const int First = 65_000;
        var wire = new byte[Count][];
        for (var i = 0; i < Count; i++)
        {
            wire[i] = Protect(sender, 42, (ushort)(First + i));
        }

        // Swap neighbours in pairs so every packet around the 65535 -> 0 wrap also arrives late once.
        for (var i = 0; i + 1 < Count; i += 2)
        {
            (wire[i], wire[i + 1]) = (wire[i + 1], wire[i]);
        }

        var accepted = 0;
        foreach (var packet in wire)
        {
            var expectedSeq = BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2));
            Assert.True(receiver.TryUnprotectRtp(packet, out var length), $"seq {expectedSeq}");
            Assert.Equal((byte)expectedSeq, packet[12]);
            Assert.Equal(72, length);
            accepted++;
        }

        Assert.Equal(Count, accepted);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Streams_keep_separate_rollover_counters(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        for (var seq = 65530; seq <= 65545; seq++)
        {
            Assert.True(receiver.TryUnprotectRtp(Protect(sender, 1, (ushort)seq), out _));
        }

        Assert.True(receiver.TryUnprotectRtp(Protect(sender, 2, 65533), out _));
        Assert.True(receiver.TryUnprotectRtp(Protect(sender, 2, 65534), out _));
        Assert.True(receiver.TryUnprotectRtp(Protect(sender, 1, 20), out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Rtcp_round_trip_replay_and_tamper(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var plain = ReceiverReport(0x01020304);
        var buffer = plain.ToArray();

        Assert.True(sender.TryProtectRtcp(buffer, 32, out var length));
        var wire = buffer[..length];
        Assert.Equal(32 + (profile == SrtpProfile.AeadAes128Gcm ? 20 : 14), length);
        Assert.NotEqual(plain[8..32], wire[8..32]);

        var tampered = wire.ToArray();
        tampered[10] ^= 0x40;
        Assert.False(receiver.TryUnprotectRtcp(tampered, out _));

        var received = wire.ToArray();
        Assert.True(receiver.TryUnprotectRtcp(received, out var plainLength));
        Assert.Equal(plain[..32], received[..plainLength]);
        Assert.False(receiver.TryUnprotectRtcp(wire.ToArray(), out _));

        var next = plain.ToArray();
        Assert.True(sender.TryProtectRtcp(next, 32, out length));
        Assert.True(receiver.TryUnprotectRtcp(next.AsSpan(0, length), out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Buffers_without_room_for_the_tag_are_refused(SrtpProfile profile)
    {
        var (sender, _) = Pair(profile);
        var packet = RtpPacket(1, 1, spare: 0);

        Assert.False(sender.TryProtectRtp(packet, packet.Length, out var length));
        Assert.Equal(0, length);
        Assert.False(sender.TryProtectRtcp(ReceiverReport(1, spare: 0), 32, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void No_allocation_per_packet_after_the_first_packet_of_an_ssrc(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var buffer = new byte[1500];
        var template = RtpPacket(77, 0, payloadLength: 160);
        var rtcp = ReceiverReport(77);
        void RoundTrip(ushort seq)
        {
            template.AsSpan(0, 172).CopyTo(buffer);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), seq);
            Assert.True(sender.TryProtectRtp(buffer, 172, out var length));
            Assert.True(receiver.TryUnprotectRtp(buffer.AsSpan(0, length), out _));
            rtcp.AsSpan(0, 32).CopyTo(buffer);
            Assert.True(sender.TryProtectRtcp(buffer, 32, out length));
            Assert.True(receiver.TryUnprotectRtcp(buffer.AsSpan(0, length), out _));
        }

        for (ushort seq = 0; seq < 200; seq++)
        {
            RoundTrip(seq);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (ushort seq = 200; seq < 1200; seq++)
        {
            RoundTrip(seq);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Random_and_truncated_input_is_refused_without_throwing(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        var random = new Random(1234);
        var valid = Protect(sender, 8, 8);
        for (var i = 0; i < 5000; i++)
        {
            var length = random.Next(0, 200);
            var junk = new byte[length];
            random.NextBytes(junk);
            if (i % 2 == 0 && length > 0)
            {
                junk[0] = (byte)(0x80 | (junk[0] & 0x3F));
            }

            Assert.False(receiver.TryUnprotectRtp(junk.ToArray(), out _));
            Assert.False(receiver.TryUnprotectRtcp(junk.ToArray(), out _));
            sender.TryProtectRtp(junk.ToArray(), random.Next(-5, length + 5), out _);
            sender.TryProtectRtcp(junk.ToArray(), random.Next(-5, length + 5), out _);
        }

        for (var cut = 0; cut < valid.Length; cut++)
        {
            Assert.False(receiver.TryUnprotectRtp(valid.AsSpan(0, cut).ToArray(), out _));
        }
    }
}
