namespace Together.Bench.Media.Load;

/// <summary>
/// Delays in 10 µs buckets up to 50 ms, then 1 ms buckets up to 5 s; one writer (the receive thread), and
/// percentiles over the difference of two copies.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int FineBuckets = 5_000;
    private const long FineWidthNanoseconds = 10_000;
    private const int CoarseBuckets = 5_000;
    private const long CoarseWidthNanoseconds = 1_000_000;

    private readonly long[] _counts = new long[FineBuckets + CoarseBuckets + 1];

    public void Add(long nanoseconds)
    {
        var fine = Math.Max(0, nanoseconds) / FineWidthNanoseconds;
        var bucket = fine < FineBuckets
            ? fine
            : Math.Min(FineBuckets + CoarseBuckets, FineBuckets + (nanoseconds / CoarseWidthNanoseconds) - (FineBuckets * FineWidthNanoseconds / CoarseWidthNanoseconds));
        _counts[bucket]++;
    }

    public long[] Copy() => (long[])_counts.Clone();

    /// <summary>The upper edge, in milliseconds, of the bucket holding quantile <paramref name="q"/> of after − before.</summary>
    public static double Quantile(long[] before, long[] after, double q)
    {
        long total = 0;
        for (var i = 0; i < after.Length; i++)
        {
            total += after[i] - before[i];
        }

        if (total == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(q * total);
        long seen = 0;
        for (var i = 0; i < after.Length; i++)
        {
            seen += after[i] - before[i];
            if (seen >= rank)
            {
                return UpperEdgeMilliseconds(i);
            }
        }

        return UpperEdgeMilliseconds(after.Length - 1);
    }

    private static double UpperEdgeMilliseconds(int bucket) => bucket < FineBuckets
        ? (bucket + 1) * FineWidthNanoseconds / 1e6
        : ((FineBuckets * FineWidthNanoseconds) + ((bucket - FineBuckets + 1) * CoarseWidthNanoseconds)) / 1e6;
}
