namespace Together.Bench.Media;

/// <summary>One burst's latency from sent to received track: by the frames' read times and by their AudioData stamps.</summary>
internal sealed record BurstLatency(double Read, double Stamp);

/// <summary>What wwwroot/mouth-to-ear.js returns for one path: the bursts heard and getStats' account of the parts.</summary>
internal sealed record MouthToEarRun(
    BurstLatency[] Bursts,
    double? JitterBufferMs,
    double? JitterBufferTargetMs,
    double? JitterBufferMinimumMs,
    double? OneWayMs,
    double?[] RoundTripsMs,
    double OutputLatencyMs);
