namespace Together.MediaNode.Transport.Srtp;

/// <summary>
/// A sliding window over packet indices (RFC 3711 §3.3.2): the highest index seen and a bit per one of the
/// <see cref="Size"/> indices below it. <see cref="IsFresh"/> is read-only; <see cref="Accept"/> is called only
/// after the packet authenticated, so a forged packet can never move the window.
/// </summary>
internal struct SrtpReplayWindow
{
    public const int Size = 128;

    private ulong _highest;
    private UInt128 _seen;
    private bool _started;

    public readonly ulong Highest => _highest;
    public readonly bool Started => _started;

    public readonly bool IsFresh(ulong index)
    {
        if (!_started || index > _highest)
        {
            return true;
        }

        var behind = _highest - index;
        return behind < Size && ((_seen >> (int)behind) & UInt128.One) == UInt128.Zero;
    }

    public void Accept(ulong index)
    {
        if (!_started)
        {
            _started = true;
            _highest = index;
            _seen = UInt128.One;
            return;
        }

        if (index > _highest)
        {
            var ahead = index - _highest;
            _seen = ahead >= Size ? UInt128.One : (_seen << (int)ahead) | UInt128.One;
            _highest = index;
            return;
        }

        _seen |= UInt128.One << (int)(_highest - index);
    }
}
