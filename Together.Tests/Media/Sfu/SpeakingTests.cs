using static Together.Tests.Media.Sfu.SfuFixture;

namespace Together.Tests.Media.Sfu;

public sealed class SpeakingTests : IDisposable
{
    private readonly SfuFixture _sfu = new();

    [Fact]
    public void Loud_audio_for_a_moment_starts_speaking_and_silence_stops_it()
    {
        var alice = _sfu.Join("alice");
        var bob = _sfu.Join("bob");
        ushort seq = 0;

        for (var i = 0; i < 5; i++)
        {
            alice.Send(Rtp(0xA1, seq++, seq * 960u, audioLevel: 25));
            _sfu.Time.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal([("alice", true)], bob.Signals.Speaking);
        for (var i = 0; i < 10; i++)
        {
            alice.Send(Rtp(0xA1, seq++, seq * 960u, audioLevel: 127));
            _sfu.Time.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Single(bob.Signals.Speaking);
        for (var i = 0; i < 10; i++)
        {
            alice.Send(Rtp(0xA1, seq++, seq * 960u, audioLevel: 127));
            _sfu.Time.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal([("alice", true), ("alice", false)], bob.Signals.Speaking);
        Assert.Contains("speaking room alice False", _sfu.Events.Log);
    }

    [Fact]
    public void A_single_click_does_not_count_as_speaking()
    {
        var alice = _sfu.Join("alice");
        var bob = _sfu.Join("bob");

        alice.Send(Rtp(0xA1, 1, 960, audioLevel: 10));
        _sfu.Time.Advance(TimeSpan.FromMilliseconds(20));
        alice.Send(Rtp(0xA1, 2, 1920, audioLevel: 120));

        Assert.Empty(bob.Signals.Speaking);
    }

    [Fact]
    public void When_packets_stop_the_tick_ends_speaking()
    {
        var alice = _sfu.Join("alice");
        var bob = _sfu.Join("bob");
        for (ushort seq = 0; seq < 5; seq++)
        {
            alice.Send(Rtp(0xA1, seq, seq * 960u, audioLevel: 25));
            _sfu.Time.Advance(TimeSpan.FromMilliseconds(20));
        }

        _sfu.Time.Advance(TimeSpan.FromMilliseconds(400));
        _sfu.Rooms.Tick();

        Assert.Equal([("alice", true), ("alice", false)], bob.Signals.Speaking);
    }

    [Fact]
    public void Muting_stops_speaking_at_once()
    {
        var alice = _sfu.Join("alice");
        var bob = _sfu.Join("bob");
        for (ushort seq = 0; seq < 5; seq++)
        {
            alice.Send(Rtp(0xA1, seq, seq * 960u, audioLevel: 25));
            _sfu.Time.Advance(TimeSpan.FromMilliseconds(20));
        }

        alice.Participant.Room.SetSelfMuted(alice.Participant, true);

        Assert.Equal([("alice", true), ("alice", false)], bob.Signals.Speaking);
    }

    [Fact]
    public void A_newcomer_learns_who_is_already_speaking()
    {
        var alice = _sfu.Join("alice");
        _sfu.Join("bob");
        for (ushort seq = 0; seq < 5; seq++)
        {
            alice.Send(Rtp(0xA1, seq, seq * 960u, audioLevel: 25));
            _sfu.Time.Advance(TimeSpan.FromMilliseconds(20));
        }

        var carol = _sfu.Join("carol");

        Assert.Equal([("alice", true)], carol.Signals.Speaking);
    }

    public void Dispose() => _sfu.Dispose();
}
