namespace Together.MediaNode.Signaling;

/// <summary>
/// A token bucket over one client's signalling messages: a burst of <see cref="Burst"/>, then
/// <see cref="PerSecond"/> a second. A real client sends a handful (an offer, some candidates, answers, mute toggles);
/// more is a flood. Used by the receive loop only, so it needs no lock.
/// </summary>
internal sealed class SignalingRateLimit(TimeProvider time)
{
    public const int Burst = 40;
    public const int PerSecond = 20;

    private double _tokens = Burst;
    private long _refilledAt = time.GetTimestamp();

    public bool TryTake()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(Burst, _tokens + (time.GetElapsedTime(_refilledAt, now).TotalSeconds * PerSecond));
        _refilledAt = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens--;
        return true;
    }
}
