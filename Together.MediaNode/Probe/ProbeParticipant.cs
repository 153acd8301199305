using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Concentus;
using Concentus.Enums;
using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Ice;
using Together.MediaNode.Transport.Rtcp;
using Together.MediaNode.Transport.Rtp;
using Together.MediaNode.Transport.Sdp;
using Together.MediaNode.Transport.Srtp;

namespace Together.MediaNode.Probe;

/// <summary>
/// A voice participant made of the node's own stack in client roles: signalling over the WebSocket, a sendrecv Opus
/// m-line, ICE/DTLS/SRTP to the node, a Concentus-encoded tone out and per-stream measurements in. Answers every
/// node offer like a browser. Used by the probe command, the integration tests and the benchmarks.
/// </summary>
public sealed class ProbeParticipant : IAsyncDisposable, IProbeMediaSink
{
    private const int SamplesPerFrame = 960;
    private const int MaxPacket = 1500;

    private readonly ClientWebSocket _socket;
    private readonly TimeProvider _time;
    private readonly ProbeLatencyBook _book;
    private readonly bool _decode;
    private readonly IceCredentials _credentials = IceCredentials.Generate();
    private readonly DtlsCertificate _certificate;
    private readonly uint _ssrc = (uint)Random.Shared.Next(1, int.MaxValue);
    private readonly ConcurrentDictionary<uint, ProbeStreamStats> _streams = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _sendLock = new();
    private readonly TaskCompletionSource<string> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IProbeMediaPath? _media;
    private Task? _signalingLoop;
    private Task? _sendLoop;
    private IReadOnlyDictionary<string, string> _userByMid = new Dictionary<string, string>();
    private int _disposed;

    private readonly Func<ProbeMediaSetup, IProbeMediaPath>? _mediaPath;

    private ProbeParticipant(ClientWebSocket socket, ProbeJoinOptions options)
    {
        _socket = socket;
        _time = options.Time;
        _book = options.Book;
        _decode = options.Decode;
        _certificate = options.Certificate ?? DtlsCertificate.Generate(options.Time);
        _mediaPath = options.Media;
    }

    public ConcurrentQueue<string> Errors { get; } = new();
    public ConcurrentQueue<(string UserId, bool Speaking)> Speaking { get; } = new();
    public long PacketsSent { get; private set; }
    public int OffersAnswered { get; private set; }
    public TimeSpan IceAndDtlsTime { get; private set; }
    public IReadOnlyDictionary<string, string> UserByMid => Volatile.Read(ref _userByMid);
    public IReadOnlyCollection<ProbeStreamStats> Streams => [.. _streams.Values];
    public long RtcpReceived => _media?.RtcpReceived ?? 0;
    public long SrtpFailures => _media?.SrtpFailures ?? 0;

    /// <summary>Our address as the node saw it in our connectivity checks (what a NAT made of us).</summary>
    public System.Net.IPEndPoint? MappedAddress => _media?.MappedAddress;

    /// <summary>
    /// The stream carrying <paramref name="userId"/>'s voice, once the node announced it: the latest SSRC on its
    /// m-line, since a recycled m-line carries a new SSRC.
    /// </summary>
    public ProbeStreamStats? StreamFrom(string userId)
    {
        var mid = UserByMid.FirstOrDefault(pair => pair.Value == userId).Key;
        return mid is null ? null : _streams.Values.Where(s => s.Mid == mid).MaxBy(s => s.FirstSeen);
    }

    public static Task<(ProbeParticipant? Participant, ProbeFailure? Failure)> JoinAsync(
        Uri signalingUrl, string token, ProbeLatencyBook book, TimeProvider time, TimeSpan timeout, bool decode,
        CancellationToken cancellation) =>
        JoinAsync(signalingUrl, token, new ProbeJoinOptions(book, time, timeout) { Decode = decode }, cancellation);

    public static async Task<(ProbeParticipant? Participant, ProbeFailure? Failure)> JoinAsync(
        Uri signalingUrl, string token, ProbeJoinOptions options, CancellationToken cancellation)
    {
        var timeout = options.Timeout;
        var socket = new ClientWebSocket();
        var target = new UriBuilder(signalingUrl) { Query = $"token={Uri.EscapeDataString(token)}" }.Uri;
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
        {
            connectTimeout.CancelAfter(timeout);
            try
            {
                await socket.ConnectAsync(target, connectTimeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or HttpRequestException)
            {
                socket.Dispose();
                return (null, new ProbeFailure(ProbeStage.Signaling, $"cannot open {signalingUrl}: {ex.Message}"));
            }
        }

        var participant = new ProbeParticipant(socket, options);
        var failure = await participant.ConnectAsync(timeout, cancellation);
        if (failure is null)
        {
            return (participant, null);
        }

        await participant.DisposeAsync();
        return (null, failure);
    }

    private async Task<ProbeFailure?> ConnectAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        _signalingLoop = Task.Run(() => SignalingLoopAsync(_stop.Token), CancellationToken.None);
        await SendAsync("offer", new { sdp = ProbeSdp.CreateOffer(_credentials, _certificate.Fingerprint, _ssrc) });
        string answer;
        try
        {
            answer = await _answer.Task.WaitAsync(timeout, cancellation);
        }
        catch (TimeoutException)
        {
            return new ProbeFailure(ProbeStage.Sdp, "the node sent no answer to the offer");
        }
        catch (InvalidOperationException ex)
        {
            return new ProbeFailure(ex.Message.StartsWith("invalid_token", StringComparison.Ordinal) ? ProbeStage.Token : ProbeStage.Sdp, ex.Message);
        }

        if (!ProbeSdp.TryReadAnswer(answer, out var remote, out var fingerprint, out var candidate, out var error))
        {
            return new ProbeFailure(ProbeStage.Sdp, error);
        }

        var started = _time.GetTimestamp();
        var setup = new ProbeMediaSetup(_credentials, remote!, candidate!, _certificate, fingerprint!);
        _media = _mediaPath?.Invoke(setup) ?? new ProbeMediaConnection(setup, this, _time);
        var failure = await _media.ConnectAsync(timeout, cancellation);
        IceAndDtlsTime = _time.GetElapsedTime(started);
        return failure is null ? null : failure with { Detail = $"{failure.Detail} (node candidate {candidate})" };
    }

    /// <summary>Sends a steady Opus-encoded tone, 20 ms per packet, until stopped.</summary>
    public void StartTone(double frequencyHz)
    {
        _sendLoop ??= Task.Run(() => SendToneAsync(frequencyHz, _stop.Token), CancellationToken.None);
    }

    public Task MuteAsync(bool muted) => SendAsync("mute", new { muted });

    public Task DeafenAsync(bool deafened) => SendAsync("deaf", new { deafened });

    public Task LeaveAsync() => SendAsync("leave", null);

    private async Task SendToneAsync(double frequencyHz, CancellationToken cancellation)
    {
        var encoder = OpusCodecFactory.CreateEncoder(48_000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        encoder.Bitrate = 32_000;
        var pcm = new short[SamplesPerFrame];
        var opus = new byte[MaxPacket];
        var packet = new byte[MaxPacket + SrtpSession.MaxOverhead];
        var mid = Encoding.ASCII.GetBytes(ProbeSdp.MicrophoneMid);
        var extensions = new RtpExtensionIds(ProbeSdp.AudioLevelId, ProbeSdp.MidId);
        ushort sequence = (ushort)Random.Shared.Next(ushort.MaxValue);
        uint timestamp = (uint)Random.Shared.Next();
        long sample = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation))
            {
                for (var i = 0; i < pcm.Length; i++, sample++)
                {
                    pcm[i] = (short)(12_000 * Math.Sin(2 * Math.PI * frequencyHz * sample / 48_000.0));
                }

                var opusLength = encoder.Encode(pcm, SamplesPerFrame, opus, opus.Length);
                var fields = new RtpPacketFields(ProbeSdp.OpusPayloadType, false, sequence++, timestamp, _ssrc, true, 10);
                timestamp += SamplesPerFrame;
                if (!RtpPacketWriter.TryWrite(packet, fields, extensions, mid, opus.AsSpan(0, opusLength), out var length))
                {
                    continue;
                }

                _book.Record(opus.AsSpan(0, opusLength), _time.GetTimestamp(), this);
                lock (_sendLock)
                {
                    if (_media?.TrySendRtp(packet, length) == true)
                    {
                        PacketsSent++;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    void IProbeMediaSink.OnRtp(ReadOnlySpan<byte> packet, long arrival)
    {
        if (!RtpHeader.TryParse(packet, out var header) || !header.TryGetPayload(out var offset, out var length))
        {
            return;
        }

        var stats = _streams.GetOrAdd(header.Ssrc, ssrc => new ProbeStreamStats(ssrc, _decode, arrival));
        if (stats.Mid is null && header.TryGetExtension(ProbeSdp.MidId, out var mid))
        {
            stats.Mid = Encoding.ASCII.GetString(mid);
        }

        var payload = packet.Slice(offset, length);
        var known = _book.TryFind(payload, out var sentAt, out var sender);
        double? latency = known ? _time.GetElapsedTime(sentAt, arrival).TotalMilliseconds : null;
        stats.OnPacket(header.SequenceNumber, header.Timestamp, _time.GetElapsedTime(0, arrival), payload, latency, sender);
    }

    void IProbeMediaSink.OnRtcp(ReadOnlySpan<byte> packet)
    {
        var reader = new RtcpCompoundReader(packet);
        while (reader.TryReadNext(out var report))
        {
            if (RtcpReports.TryReadSenderReport(report, out var sender, out _) && _streams.TryGetValue(sender.Ssrc, out var stream))
            {
                stream.OnSenderReport(sender.PacketCount);
            }
        }
    }

    private async Task SignalingLoopAsync(CancellationToken cancellation)
    {
        var buffer = new byte[256 * 1024];
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), cancellation);
                    length += result.Count;
                }
                while (!result.EndOfMessage && length < buffer.Length);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _answer.TrySetException(new InvalidOperationException($"the node closed signalling: {_socket.CloseStatusDescription}"));
                    return;
                }

                await HandleAsync(JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or JsonException)
        {
            _answer.TrySetException(new InvalidOperationException($"signalling failed: {ex.Message}"));
        }
    }

    private async Task HandleAsync(JsonElement message)
    {
        var data = message.TryGetProperty("d", out var d) ? d : default;
        switch (message.GetProperty("op").GetString())
        {
            case "answer":
                _answer.TrySetResult(data.GetProperty("sdp").GetString()!);
                break;
            case "offer":
                var offer = SessionDescription.Parse(data.GetProperty("sdp").GetString()!);
                await SendAsync("answer", new { sdp = ProbeSdp.CreateAnswer(offer, _credentials, _certificate.Fingerprint) });
                OffersAnswered++;
                break;
            case "participants":
                Volatile.Write(ref _userByMid, data.EnumerateArray()
                    .Where(p => p.GetProperty("mid").ValueKind == JsonValueKind.String)
                    .ToDictionary(p => p.GetProperty("mid").GetString()!, p => p.GetProperty("userId").GetString()!));
                break;
            case "speaking":
                Speaking.Enqueue((data.GetProperty("userId").GetString()!, data.GetProperty("speaking").GetBoolean()));
                break;
            case "error":
                var code = data.GetProperty("code").GetString();
                var text = $"{code}: {data.GetProperty("message").GetString()}";
                Errors.Enqueue(text);
                _answer.TrySetException(new InvalidOperationException(text));
                break;
        }
    }

    private async Task SendAsync(string op, object? data)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(data is null ? new { op } : (object)new { op, d = data });
        try
        {
            await _socket.SendAsync(json, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            Errors.Enqueue($"send {op} failed: {ex.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        if (_sendLoop is not null)
        {
            await _sendLoop;
        }

        if (_socket.State == WebSocketState.Open)
        {
            using var closeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "probe done", closeTimeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                Errors.Enqueue($"close failed: {ex.Message}");
            }
        }

        if (_signalingLoop is not null)
        {
            await _signalingLoop;
        }

        if (_media is not null)
        {
            await _media.DisposeAsync();
        }

        _socket.Dispose();
        _stop.Dispose();
    }
}
