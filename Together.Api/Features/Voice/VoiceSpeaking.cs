using System.Collections.Concurrent;

namespace Together.Api.Features.Voice;

/// <summary>
/// Who is speaking, as this process last heard from the node: speaking changes many times a minute, so it is not
/// stored; it only fills <c>speaking</c> in the VOICE_STATE_UPDATEs other changes cause.
/// </summary>
public sealed class VoiceSpeaking
{
    private readonly ConcurrentDictionary<long, bool> _speaking = new();

    public void Set(long userId, bool speaking)
    {
        if (speaking)
        {
            _speaking[userId] = true;
        }
        else
        {
            _speaking.TryRemove(userId, out _);
        }
    }

    public bool IsSpeaking(long userId) => _speaking.ContainsKey(userId);
}
