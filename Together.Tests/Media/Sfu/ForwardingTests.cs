using System.Text;
using Together.MediaNode.Sfu;
using static Together.Tests.Media.Sfu.SfuFixture;

namespace Together.Tests.Media.Sfu;

public sealed class ForwardingTests : IDisposable
{
    private readonly SfuFixture _sfu = new();

    [Fact]
    public void Nothing_is_sent_on_an_ssrc_before_the_subscriber_applied_the_offer_announcing_it()
    {
        var alice = _sfu.Join("alice");
        var bob = _sfu.Join("bob");

        alice.Send(Rtp(0xA1, 100, 1000));
        Assert.Empty(bob.Link.Rtp);

        var offer = Negotiate(bob);
        alice.Send(Rtp(0xA1, 101, 1960));

        var sent = Assert.Single(bob.Link.Rtp);
        var stream = Assert.Single(offer.Streams);
        Assert.Equal("alice", stream.PublisherUserId);
        Assert.Equal(stream.Ssrc, SentRtp.Ssrc(sent));
    }

    [Fact]
    public void A_forwarded_packet_carries_the_legs_ssrc_mid_and_level_and_the_same_payload()
    {
        var alice = _sfu.Join("alice");
        var bob = _sfu.Join("bob", rtp: new AudioRtpParameters(109, 3, 9));
        var offer = Negotiate(bob);
        var original = Rtp(0xA1, 100, 1000, audioLevel: 20);

        alice.Send(original);

        var sent = Assert.Single(bob.Link.Rtp);
        Assert.Equal(109, sent[1] & 0x7F);
        Assert.Equal(offer.Streams[0].Ssrc, SentRtp.Ssrc(sent));
        Assert.Equal(offer.Streams[0].Mid, Encoding.ASCII.GetString(SentRtp.Extension(sent, 9)!));
        Assert.Equal(0x80 | 20, SentRtp.Extension(sent, 3)![0]);
        Assert.Equal(original.AsSpan(20).ToArray(), SentRtp.Payload(sent));
        Assert.Empty(alice.Link.Rtp);
    }

    [Fact]
    public void Sequence_gaps_from_upstream_loss_are_kept_and_timestamps_shift_by_a_fixed_offset()
    {
        var alice = _sfu.Join("alice");
        var bob = _sfu.Join("bob");
        Negotiate(bob);

        alice.Send(Rtp(0xA1, 100, 1000));
        alice.Send(Rtp(0xA1, 101, 1960));
        alice.Send(Rtp(0xA1, 104, 4840));

        var sent = bob.Link.Rtp.ToArray();
        Assert.Equal(1, (ushort)(SentRtp.Sequence(sent[1]) - SentRtp.Sequence(sent[0])));
        Assert.Equal(3, (ushort)(SentRtp.Sequence(sent[2]) - SentRtp.Sequence(sent[1])));
        Assert.Equal(960u, SentRtp.Timestamp(sent[1]) - SentRtp.Timestamp(sent[0]));
        Assert.Equal(2880u, SentRtp.Timestamp(sent[2]) - SentRtp.Timestamp(sent[1]));
    }

    [Fact]
    public void Every_other_participant_hears_a_speaker_but_the_speaker_does_not_hear_itself()
    {
        var members = Enumerable.Range(0, 5).Select(i => _sfu.Join($"u{i}")).ToArray();
        foreach (var member in members)
        {
            Negotiate(member);
        }

        members[0].Send(Rtp(0xA1, 1, 960));

        Assert.Empty(members[0].Link.Rtp);
        Assert.All(members[1..], m => Assert.Single(m.Link.Rtp));
        Assert.Equal(4, members[1].Participant.Streams.Count);
    }

    [Fact]
    public void A_muted_speaker_is_not_forwarded_and_resumes_seamlessly_after_unmuting()
    {
        var alice = _sfu.Join("alice");
        var bob = _sfu.Join("bob");
        Negotiate(bob);
        alice.Send(Rtp(0xA1, 100, 1000));

        alice.Participant.Room.SetSelfMuted(alice.Participant, true);
        for (ushort seq = 101; seq < 151; seq++)
        {
            alice.Send(Rtp(0xA1, seq, 1000 + (960u * (uint)(seq - 100))));
        }

        Assert.Single(bob.Link.Rtp);
        _sfu.Time.Advance(TimeSpan.FromSeconds(1));
        alice.Participant.Room.SetSelfMuted(alice.Participant, false);
        alice.Send(Rtp(0xA1, 151, 1000 + (960u * 51)));

        var sent = bob.Link.Rtp.ToArray();
        Assert.Equal(2, sent.Length);
        Assert.Equal(1, (ushort)(SentRtp.Sequence(sent[1]) - SentRtp.Sequence(sent[0])));
        Assert.Equal(48_000u, SentRtp.Timestamp(sent[1]) - SentRtp.Timestamp(sent[0]));
        Assert.True(SentRtp.Marker(sent[1]));
    }

    [Fact]
    public void A_token_without_speak_is_never_forwarded()
    {
        var listener = _sfu.Join("listener", canSpeak: false);
        var bob = _sfu.Join("bob");
        Negotiate(bob);

        listener.Send(Rtp(0xB1, 1, 960));

        Assert.Empty(bob.Link.Rtp);
        Assert.True(Assert.Single(bob.Signals.Participants, p => p.UserId == "listener").Muted);
    }

    [Fact]
    public void A_server_muted_speaker_is_not_forwarded()
    {
        var alice = _sfu.Join("alice");
        var bob = _sfu.Join("bob");
        Negotiate(bob);

        Assert.True(alice.Participant.Room.SetServerMuted("alice", true));
        alice.Send(Rtp(0xA1, 1, 960));

        Assert.Empty(bob.Link.Rtp);
        Assert.Contains(_sfu.Events.Log, e => e.StartsWith("state room alice", StringComparison.Ordinal) && e.Contains("ServerMuted = True", StringComparison.Ordinal));
    }

    [Fact]
    public void A_deafened_participant_receives_nothing_and_others_still_do()
    {
        var alice = _sfu.Join("alice");
        var bob = _sfu.Join("bob");
        var carol = _sfu.Join("carol");
        Negotiate(bob);
        Negotiate(carol);

        bob.Participant.Room.SetSelfDeafened(bob.Participant, true);
        alice.Send(Rtp(0xA1, 1, 960));

        Assert.Empty(bob.Link.Rtp);
        Assert.Single(carol.Link.Rtp);
        Assert.True(Assert.Single(carol.Signals.Participants, p => p.UserId == "bob").Deafened);
    }

    [Fact]
    public void A_publisher_reconnecting_with_a_new_ssrc_continues_the_same_leg()
    {
        var alice = _sfu.Join("alice");
        var bob = _sfu.Join("bob");
        Negotiate(bob);
        alice.Send(Rtp(0xA1, 100, 1000));
        _sfu.Time.Advance(TimeSpan.FromMilliseconds(500));

        alice.Send(Rtp(0xA2, 7, 5));

        var sent = bob.Link.Rtp.ToArray();
        Assert.Equal(SentRtp.Ssrc(sent[0]), SentRtp.Ssrc(sent[1]));
        Assert.Equal(1, (ushort)(SentRtp.Sequence(sent[1]) - SentRtp.Sequence(sent[0])));
        Assert.Equal(24_000u, SentRtp.Timestamp(sent[1]) - SentRtp.Timestamp(sent[0]));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x80, 111, 0, 1 })]
    [InlineData(new byte[] { 0x40, 111, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1 })]
    [InlineData(new byte[] { 0x90, 111, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xBE, 0xDE, 0x00, 0x09 })]
    [InlineData(new byte[] { 0xA0, 111, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xFF })]
    [InlineData(new byte[] { 0x8F, 111, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1 })]
    public void Malformed_rtp_is_dropped(byte[] packet)
    {
        var alice = _sfu.Join("alice");
        var bob = _sfu.Join("bob");
        Negotiate(bob);

        alice.Send(packet);

        Assert.Empty(bob.Link.Rtp);
    }

    [Fact]
    public void Packets_of_an_unnegotiated_payload_type_are_dropped()
    {
        var alice = _sfu.Join("alice");
        var bob = _sfu.Join("bob");
        Negotiate(bob);

        alice.Send(Rtp(0xA1, 1, 960, payloadType: 63));

        Assert.Empty(bob.Link.Rtp);
    }

    public void Dispose() => _sfu.Dispose();
}
