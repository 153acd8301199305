using Microsoft.Extensions.Logging;

namespace Together.MediaNode.Host;

/// <summary>
/// Counts dropped datagrams and logs at most one line per interval: a flood of junk must not turn into a flood of
/// log lines. Used from one receive loop at a time per instance.
/// </summary>
internal sealed class DropLogLimiter(ILogger logger, TimeProvider time, TimeSpan interval)
{
    private long _nextLogAt;
    private int _dropped;

    public int Total { get; private set; }

    public void Drop(System.Net.SocketAddress source, string reason)
    {
        _dropped++;
        Total++;
        long now = time.GetTimestamp();
        if (now < _nextLogAt)
        {
            return;
        }

        _nextLogAt = now + (long)(interval.TotalSeconds * time.TimestampFrequency);
        MediaTransportLog.DroppedUnknown(logger, _dropped, source, reason);
        _dropped = 0;
    }
}
