using System.Buffers;
using System.Diagnostics;
using Org.BouncyCastle.Tls;

namespace Together.MediaNode.Transport.Dtls;

/// <summary>
/// One DTLS-SRTP association on top of BouncyCastle. This is the one part of the transport that is not sans-IO:
/// BouncyCastle's handshake is a blocking call with its own resend timers and its own clock, so it runs on a
/// dedicated thread (after taking a slot of the node-wide <see cref="DtlsHandshakeGate"/>), fed from a queue by the
/// receive loop and sending straight through the caller's sender. After the handshake no thread is kept: each later
/// DTLS datagram (a retransmitted Finished, close_notify) is processed by a short pump on the thread pool, which lets
/// BouncyCastle resend our last flight or notice the close.
/// </summary>
public sealed class DtlsSession : IDisposable
{
    private const int PostHandshakeWaitMillis = 1; // BouncyCastle treats 0 as "wait forever"

    private readonly QueuedDatagramTransport _transport;
    private readonly DtlsHandshakeGate _gate;
    private readonly DtlsOptions _options;
    private readonly DtlsServer? _server;
    private readonly DtlsClient? _client;
    private readonly Lock _transportLock = new();
    private volatile SrtpKeyMaterial? _keyMaterial;
    private DtlsTransport? _dtls;
    private Task<DtlsHandshakeResult>? _completion;
    private int _pumping;
    private bool _disposed;

    private DtlsSession(DtlsRole role, DtlsCertificate certificate, DtlsFingerprint remoteFingerprint, DtlsOptions options,
        DtlsHandshakeGate gate, Action<ReadOnlySpan<byte>> sender, IReadOnlyList<Srtp.SrtpProfile>? offeredProfiles = null)
    {
        _options = options;
        _gate = gate;
        _transport = new QueuedDatagramTransport(sender);
        if (role == DtlsRole.Server)
        {
            _server = new DtlsServer(certificate, remoteFingerprint, options) { KeysReady = k => _keyMaterial = k };
        }
        else
        {
            _client = new DtlsClient(certificate, remoteFingerprint, options, offeredProfiles) { KeysReady = k => _keyMaterial = k };
        }
    }

    public bool IsStarted => _completion is not null;

    /// <summary>
    /// The SRTP keys, published from the handshake thread inside NotifyHandshakeComplete — possibly before the
    /// handshake task completes, which is when the browser's first SRTP may already be arriving.
    /// </summary>
    public SrtpKeyMaterial? KeyMaterial => _keyMaterial;

    /// <summary>Completes when the handshake finished or failed; never faults.</summary>
    public Task<DtlsHandshakeResult> Completion => _completion ?? throw new InvalidOperationException("Not started.");

    /// <summary>The peer sent close_notify or a fatal alert after the handshake.</summary>
    public bool PeerClosed => (_server?.PeerClosed ?? _client!.PeerClosed) && _completion is { IsCompleted: true };

    public static DtlsSession CreateServer(DtlsCertificate certificate, DtlsFingerprint expectedClientFingerprint,
        DtlsOptions options, DtlsHandshakeGate gate, Action<ReadOnlySpan<byte>> sender) =>
        new(DtlsRole.Server, certificate, expectedClientFingerprint, options, gate, sender);

    public static DtlsSession CreateClient(DtlsCertificate certificate, DtlsFingerprint expectedServerFingerprint,
        DtlsOptions options, DtlsHandshakeGate gate, Action<ReadOnlySpan<byte>> sender,
        IReadOnlyList<Srtp.SrtpProfile>? offeredProfiles = null) =>
        new(DtlsRole.Client, certificate, expectedServerFingerprint, options, gate, sender, offeredProfiles);

    /// <summary>Starts the handshake off the caller's thread. Idempotent.</summary>
    public void Start() => _completion ??= RunHandshakeAsync();

    /// <summary>Hands one inbound DTLS datagram to BouncyCastle. Returns false when it was dropped (flood, closed).</summary>
    public bool Receive(ReadOnlySpan<byte> datagram)
    {
        if (!_transport.Enqueue(datagram))
        {
            return false;
        }

        if (_completion is { IsCompletedSuccessfully: true } completion && completion.Result.Succeeded)
        {
            SchedulePump();
        }

        return true;
    }

    /// <summary>Sends close_notify when established, and releases the handshake thread if one is still waiting.</summary>
    public void Dispose()
    {
        lock (_transportLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_dtls is not null)
            {
                try
                {
                    _dtls.Close();
                }
                catch (IOException)
                {
                    // The peer is gone already; close_notify is best effort.
                }
            }

            _transport.Close();
        }
    }

    private async Task<DtlsHandshakeResult> RunHandshakeAsync()
    {
        long started = Stopwatch.GetTimestamp();
        if (!await _gate.EnterAsync(_options.HandshakeTimeout).ConfigureAwait(false))
        {
            _transport.Close();
            return new DtlsHandshakeResult(null, "Too many concurrent DTLS handshakes.", new DtlsHandshakeSummary());
        }

        try
        {
            return await Task.Factory.StartNew(() => Handshake(started), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        finally
        {
            _gate.Exit();
        }
    }

    private DtlsHandshakeResult Handshake(long started)
    {
        try
        {
            var dtls = _server is not null
                ? new DtlsServerProtocol().Accept(_server, _transport)
                : new DtlsClientProtocol().Connect(_client!, _transport);
            lock (_transportLock)
            {
                if (_disposed)
                {
                    dtls.Close();
                    return Failed(started, "Closed during the handshake.");
                }

                _dtls = dtls;
            }

            if (_transport.HasQueued)
            {
                SchedulePump();
            }

            return new DtlsHandshakeResult(_keyMaterial, null, Summarise(started));
        }
        catch (Exception e) when (e is IOException or TlsException or InvalidOperationException or ArgumentException)
        {
            _transport.Close();
            string alert = _server?.LastAlert ?? _client?.LastAlert ?? "no alert";
            return Failed(started, $"{e.GetType().Name}: {e.Message} ({alert})");
        }
    }

    private DtlsHandshakeResult Failed(long started, string reason) => new(null, reason, Summarise(started));

    private DtlsHandshakeSummary Summarise(long started) => (_server?.Summary ?? new DtlsHandshakeSummary()) with
    {
        FirstFlightDatagramSizes = _transport.FirstFlightSizes,
        Timeline = _transport.Timeline,
        Duration = Stopwatch.GetElapsedTime(started),
    };

    private void SchedulePump()
    {
        if (Interlocked.Exchange(ref _pumping, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static session => session.Pump(), this, preferLocal: false);
        }
    }

    /// <summary>Lets BouncyCastle process post-handshake records; application data is not used for audio and is discarded.</summary>
    private void Pump()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_transport.GetReceiveLimit());
        try
        {
            lock (_transportLock)
            {
                while (!_disposed && _dtls is not null && _transport.HasQueued)
                {
                    _dtls.Receive(buffer, 0, buffer.Length, PostHandshakeWaitMillis);
                }
            }
        }
        catch (Exception e) when (e is IOException or TlsException)
        {
            _transport.Close();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Volatile.Write(ref _pumping, 0);
        }

        if (_transport.HasQueued && !_disposed)
        {
            SchedulePump();
        }
    }
}
