namespace Together.MediaNode.Transport.Rtcp;

/// <summary>NTP timestamps as RTCP carries them: 64-bit (seconds since 1900 ‖ fraction) and the middle 32 bits.</summary>
public static class NtpTime
{
    private static readonly DateTimeOffset Epoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static ulong FromDateTime(DateTimeOffset time)
    {
        var ticks = (time - Epoch).Ticks;
        var seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        var fraction = (ulong)(ticks % TimeSpan.TicksPerSecond) * (1UL << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    /// <summary>The middle 32 bits (16.16 fixed point), as LSR and the RTT arithmetic use.</summary>
    public static uint ToShort(ulong ntp) => (uint)(ntp >> 16);

    public static uint TimeSpanToShort(TimeSpan span) =>
        span <= TimeSpan.Zero ? 0 : (uint)Math.Min(uint.MaxValue, span.Ticks * 65536 / TimeSpan.TicksPerSecond);

    public static TimeSpan ShortToTimeSpan(uint value) => TimeSpan.FromTicks(value * TimeSpan.TicksPerSecond / 65536);
}
