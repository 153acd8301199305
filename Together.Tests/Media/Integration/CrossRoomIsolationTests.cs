using Together.MediaNode.Probe;

namespace Together.Tests.Media.Integration;

/// <summary>
/// Privacy across rooms, end to end: every participant of three rooms on one node speaks a tone of its own, so each
/// payload names its sender (the shared latency book), and every packet any probe decrypts must come from a
/// roommate. Churn is included where routing could go wrong: a leaver's UDP port may be reused by a joiner of
/// another room, and a user who joins a second room replaces the first session.
/// </summary>
public sealed class CrossRoomIsolationTests : NodeWithProbesTest
{
    private readonly Dictionary<ProbeParticipant, string> _roomOf = [];
    private double _nextTone = 300;

    [Fact]
    public async Task No_packet_reaches_a_participant_of_another_room()
    {
        var alice = await JoinAsync("alice", "voice-a");
        var bob = await JoinAsync("bob", "voice-a");
        var carolInA = await JoinAsync("carol", "voice-a");
        var dave = await JoinAsync("dave", "voice-b");
        var erin = await JoinAsync("erin", "voice-b");
        var frank = await JoinAsync("frank", "voice-c");
        var grace = await JoinAsync("grace", "voice-c");
        await ProbeSession.WaitForAudioAsync(alice, "carol", 25);
        await ProbeSession.WaitForAudioAsync(dave, "erin", 25);
        await ProbeSession.WaitForAudioAsync(frank, "grace", 25);

        await Probes.LeaveAndDisposeAsync(bob);
        var heidi = await JoinAsync("heidi", "voice-b");
        var carolInC = await JoinAsync("carol", "voice-c");

        foreach (var (listener, speaker) in new[] { (alice, "carol"), (erin, "heidi"), (heidi, "dave"), (grace, "carol"), (carolInC, "frank") })
        {
            await ProbeSession.WaitForAudioAsync(listener, speaker, 50);
        }

        var received = 0L;
        foreach (var (probe, room) in _roomOf.Where(entry => !ReferenceEquals(entry.Key, bob)))
        {
            Assert.Equal(0, probe.SrtpFailures);
            foreach (var stream in probe.Streams)
            {
                foreach (var (sender, packets) in stream.PacketsBySender)
                {
                    Assert.False(ReferenceEquals(sender, probe), $"a probe of {room} got its own voice back");
                    Assert.True(_roomOf[sender] == room, $"{packets} packets from {_roomOf[sender]} reached a probe of {room}");
                    received += packets;
                }
            }
        }

        Assert.True(received > 300, $"only {received} attributed packets: the check saw too little to prove anything");
        _ = (carolInA, frank);
    }

    private async Task<ProbeParticipant> JoinAsync(string userId, string room)
    {
        var probe = await Probes.JoinAsync(userId, room, toneHz: _nextTone);
        _nextTone += 70;
        _roomOf[probe] = room;
        return probe;
    }
}
