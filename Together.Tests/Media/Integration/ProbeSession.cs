using Together.MediaNode.Probe;

namespace Together.Tests.Media.Integration;

/// <summary>Probe participants joined to one node, measuring with a shared latency book; disposed together.</summary>
public sealed class ProbeSession(Func<string, Uri> signalingUri, Func<string, string, string> mintToken)
{
    private readonly List<ProbeParticipant> _participants = [];

    public ProbeLatencyBook Book { get; } = new();

    public async Task<ProbeParticipant> JoinAsync(string userId, string room = "voice-1", double? toneHz = 440)
    {
        var (participant, failure) = await ProbeParticipant.JoinAsync(
            signalingUri(""), mintToken(userId, room), Book, TimeProvider.System, TimeSpan.FromSeconds(10), decode: true,
            CancellationToken.None);
        Assert.True(participant is not null, $"{userId} could not join: {failure}");
        _participants.Add(participant);
        if (toneHz is { } hz)
        {
            participant.StartTone(hz);
        }

        return participant;
    }

    public async Task LeaveAndDisposeAsync(ProbeParticipant participant)
    {
        await participant.LeaveAsync();
        _participants.Remove(participant);
        await participant.DisposeAsync();
    }

    public static async Task<ProbeStreamStats> WaitForAudioAsync(ProbeParticipant listener, string from, long packets, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            if (listener.StreamFrom(from) is { } stream && stream.Packets >= packets)
            {
                return stream;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException(
            $"no {packets} packets from {from}: streams {string.Join(", ", listener.Streams.Select(s => $"{s.Mid}:{s.Packets}"))}, "
            + $"mids {string.Join(", ", listener.UserByMid)}, errors {string.Join("; ", listener.Errors)}");
    }

    public async Task LeaveAllAsync()
    {
        foreach (var participant in _participants)
        {
            await participant.DisposeAsync();
        }
    }
}
