using Together.MediaNode.Sfu;
using static Together.Tests.Media.Sfu.SfuFixture;

namespace Together.Tests.Media.Sfu;

public sealed class RoomMembershipTests : IDisposable
{
    private readonly SfuFixture _sfu = new(maxParticipants: 3);

    [Fact]
    public void A_full_room_refuses_the_next_user()
    {
        _sfu.Join("a");
        _sfu.Join("b");
        _sfu.Join("c");

        Assert.Null(_sfu.Rooms.TryJoin("room", "d", true, ChromeRtp, new RecordingLink(), new RecordingSignals()));
        Assert.NotNull(_sfu.Rooms.TryJoin("other-room", "d", true, ChromeRtp, new RecordingLink(), new RecordingSignals()));
    }

    [Fact]
    public void Joining_again_replaces_the_previous_session_of_the_same_user()
    {
        var first = _sfu.Join("alice");
        var bob = _sfu.Join("bob");

        var second = _sfu.Join("alice");

        Assert.Equal("replaced", first.Signals.RemovedBecause!.Code);
        Assert.Equal(2, second.Participant.Room.Count);
        Assert.Equal(["alice", "bob"], bob.Signals.Participants.Select(p => p.UserId).Order());
    }

    [Fact]
    public void Participants_lists_who_is_here_and_which_mid_carries_them()
    {
        var alice = _sfu.Join("alice");
        var bob = _sfu.Join("bob");
        var offer = Negotiate(bob);

        var aliceSeenByBob = Assert.Single(bob.Signals.Participants, p => p.UserId == "alice");
        Assert.Equal(offer.Streams[0].Mid, aliceSeenByBob.Mid);
        Assert.Null(Assert.Single(bob.Signals.Participants, p => p.UserId == "bob").Mid);
        Assert.Null(Assert.Single(alice.Signals.Participants, p => p.UserId == "bob").Mid);
    }

    [Fact]
    public void Leaving_releases_the_mline_and_the_next_speaker_reuses_it()
    {
        var alice = _sfu.Join("alice");
        var bob = _sfu.Join("bob");
        var first = Negotiate(alice);

        _sfu.Rooms.Leave(bob.Participant, RemovalReason.Left);
        var afterLeave = Negotiate(alice);
        var carol = _sfu.Join("carol");
        var afterJoin = Negotiate(alice);

        Assert.Null(Assert.Single(afterLeave.Streams).PublisherUserId);
        var reused = Assert.Single(afterJoin.Streams);
        Assert.Equal(first.Streams[0].Mid, reused.Mid);
        Assert.Equal("carol", reused.PublisherUserId);
        Assert.NotEqual(first.Streams[0].Ssrc, reused.Ssrc);
        Assert.Contains("leave room bob left", _sfu.Events.Log);
        _ = carol;
    }

    [Fact]
    public void Only_one_offer_is_in_flight_and_changes_meanwhile_produce_one_more()
    {
        var alice = _sfu.Join("alice");
        _sfu.Join("bob");
        var room = alice.Participant.Room;

        var first = room.TakeOffer(alice.Participant)!;
        _sfu.Join("carol");
        alice.Participant.Room.SetSelfMuted(alice.Participant, true);

        Assert.Null(room.TakeOffer(alice.Participant));
        var requestsBeforeAnswer = alice.Signals.RenegotiationRequests;
        Assert.True(room.AnswerApplied(alice.Participant, first.Version));
        Assert.Equal(requestsBeforeAnswer + 1, alice.Signals.RenegotiationRequests);
        var second = room.TakeOffer(alice.Participant)!;
        Assert.Equal(["bob", "carol"], second.Streams.Select(s => s.PublisherUserId));
        Assert.False(room.AnswerApplied(alice.Participant, first.Version));
    }

    [Fact]
    public void A_stale_answer_does_not_unlock_sending()
    {
        var alice = _sfu.Join("alice");
        var bob = _sfu.Join("bob");
        var room = bob.Participant.Room;
        var offer = room.TakeOffer(bob.Participant)!;

        Assert.False(room.AnswerApplied(bob.Participant, offer.Version + 1));
        alice.Send(Rtp(0xA1, 1, 960));

        Assert.Empty(bob.Link.Rtp);
    }

    [Fact]
    public void A_failed_offer_is_offered_again()
    {
        _sfu.Join("alice");
        var bob = _sfu.Join("bob");
        var room = bob.Participant.Room;
        room.TakeOffer(bob.Participant);

        room.OfferFailed(bob.Participant);

        Assert.NotNull(room.TakeOffer(bob.Participant));
    }

    [Fact]
    public void The_last_one_out_closes_the_room()
    {
        var alice = _sfu.Join("alice");

        _sfu.Rooms.Leave(alice.Participant, RemovalReason.Left);

        Assert.Null(_sfu.Rooms.Find("room"));
        Assert.NotNull(_sfu.Join("bob").Participant);
    }

    public void Dispose() => _sfu.Dispose();
}
