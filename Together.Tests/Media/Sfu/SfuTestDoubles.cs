using System.Buffers.Binary;
using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Together.MediaNode;
using Together.MediaNode.Sfu;

namespace Together.Tests.Media.Sfu;

/// <summary>A participant's transport as the SFU sees it, keeping what was sent so tests read the exact bytes.</summary>
public sealed class RecordingLink : IMediaLink
{
    public ConcurrentQueue<byte[]> Rtp { get; } = new();
    public ConcurrentQueue<byte[]> Rtcp { get; } = new();

    public bool TrySendRtp(Span<byte> buffer, int length)
    {
        Rtp.Enqueue(buffer[..length].ToArray());
        return true;
    }

    public bool TrySendRtcp(Span<byte> buffer, int length)
    {
        Rtcp.Enqueue(buffer[..length].ToArray());
        return true;
    }
}

public sealed class RecordingSignals : IParticipantSignals
{
    public int RenegotiationRequests { get; private set; }
    public IReadOnlyList<ParticipantState> Participants { get; private set; } = [];
    public List<(string UserId, bool Speaking)> Speaking { get; } = [];
    public RemovalReason? RemovedBecause { get; private set; }

    public void RenegotiationNeeded() => RenegotiationRequests++;

    public void ParticipantsChanged(IReadOnlyList<ParticipantState> participants) => Participants = participants;

    public void SpeakingChanged(string userId, bool speaking) => Speaking.Add((userId, speaking));

    public void Removed(RemovalReason reason) => RemovedBecause = reason;
}

public sealed class RecordingEvents : IMediaNodeEvents
{
    public ConcurrentQueue<string> Log { get; } = new();

    public void ParticipantJoined(string roomId, string userId) => Log.Enqueue($"join {roomId} {userId}");

    public void ParticipantLeft(string roomId, string userId, string reasonCode) => Log.Enqueue($"leave {roomId} {userId} {reasonCode}");

    public void SpeakingChanged(string roomId, string userId, bool speaking) => Log.Enqueue($"speaking {roomId} {userId} {speaking}");

    public void VoiceStateChanged(string roomId, string userId, VoiceStateFlags state) => Log.Enqueue($"state {roomId} {userId} {state}");
}

/// <summary>One SFU with fake time, and helpers to join users and make RTP like Chromium's.</summary>
public sealed class SfuFixture : IDisposable
{
    public static readonly AudioRtpParameters ChromeRtp = new(111, 1, 4);
    private readonly ServiceProvider _services;

    public SfuFixture(int maxParticipants = 50)
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Metrics = new MediaNodeMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        Rooms = new SfuRooms(
            Options.Create(new MediaNodeOptions { MaxParticipantsPerRoom = maxParticipants }), Time, Metrics, Events);
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);
    public RecordingEvents Events { get; } = new();
    public MediaNodeMetrics Metrics { get; }
    public SfuRooms Rooms { get; }

    public Member Join(string userId, string roomId = "room", bool canSpeak = true, AudioRtpParameters? rtp = null)
    {
        var link = new RecordingLink();
        var signals = new RecordingSignals();
        var participant = Rooms.TryJoin(roomId, userId, canSpeak, rtp ?? ChromeRtp, link, signals)
            ?? throw new InvalidOperationException("room full");
        return new Member(participant, link, signals);
    }

    /// <summary>Plays the client's side of renegotiation: take the node offer and answer it.</summary>
    public static NodeOffer Negotiate(Member member)
    {
        var offer = member.Participant.Room.TakeOffer(member.Participant) ?? throw new InvalidOperationException("no offer due");
        Assert.True(member.Participant.Room.AnswerApplied(member.Participant, offer.Version));
        return offer;
    }

    public static byte[] Rtp(uint ssrc, ushort sequence, uint timestamp, byte audioLevel = 30, int payloadLength = 60, byte payloadType = 111)
    {
        var packet = new byte[12 + 8 + payloadLength];
        packet[0] = 0x90;
        packet[1] = payloadType;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), 0xBEDE);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), 1);
        packet[16] = 0x10;
        packet[17] = (byte)(0x80 | audioLevel);
        for (var i = 0; i < payloadLength; i++)
        {
            packet[20 + i] = (byte)(sequence + i);
        }

        return packet;
    }

    public void Dispose() => _services.Dispose();
}

public sealed record Member(Participant Participant, RecordingLink Link, RecordingSignals Signals)
{
    public void Send(byte[] rtp) => Participant.Room.ForwardRtp(Participant, rtp);
}

/// <summary>Reads back what the SFU sent.</summary>
public static class SentRtp
{
    public static ushort Sequence(byte[] p) => BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(2));
    public static uint Timestamp(byte[] p) => BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(4));
    public static uint Ssrc(byte[] p) => BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(8));
    public static bool Marker(byte[] p) => (p[1] & 0x80) != 0;

    /// <summary>The value of one-byte header extension <paramref name="id"/>, or null.</summary>
    public static byte[]? Extension(byte[] p, int id)
    {
        if ((p[0] & 0x10) == 0 || BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(12)) != 0xBEDE)
        {
            return null;
        }

        var end = 16 + (4 * BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(14)));
        for (var i = 16; i < end;)
        {
            if (p[i] == 0)
            {
                i++;
                continue;
            }

            var elementId = p[i] >> 4;
            var length = (p[i] & 0x0F) + 1;
            if (elementId == id)
            {
                return p.AsSpan(i + 1, length).ToArray();
            }

            i += 1 + length;
        }

        return null;
    }

    public static byte[] Payload(byte[] p) =>
        p.AsSpan(16 + (4 * BinaryPrimitives.ReadUInt16BigEndian(p.AsSpan(14)))).ToArray();
}
