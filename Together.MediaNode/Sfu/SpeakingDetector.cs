namespace Together.MediaNode.Sfu;

/// <summary>
/// Speaking start/stop from RFC 6464 audio levels, with hysteresis so one click does not light the indicator and a
/// breath between words does not turn it off: speaking after <see cref="StartAfter"/> of loud packets, stopped
/// after <see cref="StopAfter"/> without one (also when packets stop, as with Opus DTX).
/// </summary>
public sealed class SpeakingDetector
{
    /// <summary>Levels are -dBov: 0 is loudest, 127 silence. At or below this counts as voice.</summary>
    public const byte LoudLevel = 50;
    public static readonly TimeSpan StartAfter = TimeSpan.FromMilliseconds(60);
    public static readonly TimeSpan StopAfter = TimeSpan.FromMilliseconds(300);

    private readonly TimeProvider _time;
    private long _loudSince = -1;
    private long _lastLoud = -1;

    public SpeakingDetector(TimeProvider time) => _time = time;

    public bool IsSpeaking { get; private set; }

    /// <summary>Feeds one packet's level; returns true when <see cref="IsSpeaking"/> changed.</summary>
    public bool OnLevel(byte level, long now)
    {
        if (level > LoudLevel)
        {
            _loudSince = -1;
            return OnTick(now);
        }

        _lastLoud = now;
        if (_loudSince < 0)
        {
            _loudSince = now;
        }

        if (!IsSpeaking && _time.GetElapsedTime(_loudSince, now) >= StartAfter)
        {
            IsSpeaking = true;
            return true;
        }

        return false;
    }

    /// <summary>Checks the stop timeout; returns true when speaking stopped.</summary>
    public bool OnTick(long now)
    {
        if (IsSpeaking && _time.GetElapsedTime(_lastLoud, now) >= StopAfter)
        {
            IsSpeaking = false;
            _loudSince = -1;
            return true;
        }

        return false;
    }

    /// <summary>A muted or departed speaker stops at once; returns true when that changed anything.</summary>
    public bool Reset()
    {
        _loudSince = -1;
        var was = IsSpeaking;
        IsSpeaking = false;
        return was;
    }
}
