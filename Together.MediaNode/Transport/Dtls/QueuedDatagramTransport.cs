using System.Collections.Concurrent;
using System.Diagnostics;
using Org.BouncyCastle.Tls;

namespace Together.MediaNode.Transport.Dtls;

/// <summary>
/// Adapts BouncyCastle's blocking <see cref="DatagramTransport"/> to a sans-IO caller: datagrams are pushed in by
/// the receive loop (<see cref="Enqueue"/>) and BouncyCastle's <c>Receive</c> waits on a semaphore for them (no
/// polling); what BouncyCastle sends goes straight to a sender callback.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001",
    Justification = "SemaphoreSlim holds an OS handle only once AvailableWaitHandle is read, which never happens here.")]
internal sealed class QueuedDatagramTransport(Action<ReadOnlySpan<byte>> sender) : DatagramTransport
{
    private const int ReceiveLimit = 1500;

    /// <summary>Below any path MTU we expect, so handshake records are never IP-fragmented (Chromium uses 1200 too).</summary>
    private const int SendLimit = 1200;

    private const int MaxQueued = 64;
    private const int MaxTimelineEntries = 32;

    private readonly ConcurrentQueue<byte[]> _inbound = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly List<int> _firstFlightSizes = [];
    private readonly List<string> _timeline = [];
    private readonly long _created = Stopwatch.GetTimestamp();
    private volatile bool _closed;
    private bool _sentAnything;

    public bool HasQueued => !_inbound.IsEmpty;

    public IReadOnlyList<int> FirstFlightSizes
    {
        get
        {
            lock (_firstFlightSizes)
            {
                return [.. _firstFlightSizes];
            }
        }
    }

    /// <summary>The handshake's datagrams as they crossed, "+12.3ms in 1200" / "out 900", for interop diagnosis.</summary>
    public IReadOnlyList<string> Timeline
    {
        get
        {
            lock (_timeline)
            {
                return [.. _timeline];
            }
        }
    }

    /// <summary>Queues a copy of one DTLS datagram; false when closed or when the peer floods us.</summary>
    public bool Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (_closed || _inbound.Count >= MaxQueued || datagram.Length > ReceiveLimit)
        {
            return false;
        }

        if (!Volatile.Read(ref _sentAnything))
        {
            lock (_firstFlightSizes)
            {
                _firstFlightSizes.Add(datagram.Length);
            }
        }

        Note("in", datagram.Length);
        _inbound.Enqueue(datagram.ToArray());
        _available.Release();
        return true;
    }

    public int GetReceiveLimit() => ReceiveLimit;

    public int GetSendLimit() => SendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        ThrowIfClosed();
        if (!_available.Wait(waitMillis))
        {
            return -1;
        }

        ThrowIfClosed();
        if (!_inbound.TryDequeue(out var datagram))
        {
            return -1;
        }

        int length = Math.Min(datagram.Length, buffer.Length);
        datagram.AsSpan(0, length).CopyTo(buffer);
        return length;
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        ThrowIfClosed();
        Volatile.Write(ref _sentAnything, true);
        Note("out", buffer.Length);
        sender(buffer);
    }

    public void Close()
    {
        _closed = true;
        _available.Release();
    }

    private void Note(string direction, int length)
    {
        lock (_timeline)
        {
            if (_timeline.Count < MaxTimelineEntries)
            {
                _timeline.Add(FormattableString.Invariant(
                    $"+{Stopwatch.GetElapsedTime(_created).TotalMilliseconds:F1}ms {direction} {length}"));
            }
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new IOException("The DTLS transport is closed.");
        }
    }
}
