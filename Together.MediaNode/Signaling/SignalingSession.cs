using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Together.MediaNode.Sfu;
using Together.MediaNode.Transport.Sdp;

namespace Together.MediaNode.Signaling;

/// <summary>
/// One client's signalling WebSocket after its token was accepted. Three loops: receiving (size-capped frames into
/// an inbox), processing (one message or renegotiation at a time, so SDP state never races), and sending (the only
/// writer of the socket). SFU callbacks only enqueue, as they run under a room's lock. Both queues are bounded, as the
/// gateway's are: a client that floods is closed with <c>too_many_messages</c>, and one that stops reading is cut off
/// once <see cref="MaxQueuedOutgoing"/> messages wait for it, so neither can hold memory without end.
/// </summary>
internal sealed partial class SignalingSession : IParticipantSignals, IPeerConnectionSink, IDisposable
{
    public static readonly TimeSpan RenegotiationDebounce = TimeSpan.FromMilliseconds(50);
    /// <summary>Messages that may wait for a client that does not read; one this far behind is gone in all but name.</summary>
    public const int MaxQueuedOutgoing = 256;

    /// <summary>Client messages that may wait for processing (the rate limit keeps a live session far below).</summary>
    public const int MaxQueuedClientMessages = 64;

    private const int MaxErrors = 10;
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);

    private readonly WebSocket _socket;
    private readonly VoiceToken _token;
    private readonly SfuRooms _rooms;
    private readonly IPeerConnectionFactory _peers;
    private readonly MediaNodeMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxMessageBytes;
    private readonly SignalingRateLimit _rateLimit;

    // Unbounded as a channel, bounded in practice: client messages are counted against MaxQueuedClientMessages, and the
    // node's own inputs (renegotiation, transport closed) are at most one of each at a time.
    private readonly Channel<SessionInput> _inbox = Channel.CreateUnbounded<SessionInput>(new() { SingleReader = true });
    private readonly Channel<Outgoing> _outbox = Channel.CreateBounded<Outgoing>(
        new BoundedChannelOptions(MaxQueuedOutgoing) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _stop = new();
    private int _queuedClientMessages;
    private volatile bool _ending;
    private int _cutOff;
    private ITimer? _renegotiationTimer;
    private int _renegotiationScheduled;
    private IPeerConnection? _peer;
    private Participant? _participant;
    private int _errors;
    private int _pendingOfferVersion;

    public SignalingSession(
        WebSocket socket, VoiceToken token, SfuRooms rooms, IPeerConnectionFactory peers, MediaNodeMetrics metrics,
        TimeProvider time, ILogger logger, int maxMessageBytes)
    {
        _socket = socket;
        _token = token;
        _rooms = rooms;
        _peers = peers;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _maxMessageBytes = maxMessageBytes;
        _rateLimit = new SignalingRateLimit(time);
    }

    public async Task RunAsync(CancellationToken aborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stop.Token);
        var sending = SendLoopAsync();
        var processing = ProcessLoopAsync(linked.Token);
        try
        {
            await ReceiveLoopAsync(linked.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            LogConnectionEnded(ex, _token.UserId);
        }
        finally
        {
            _inbox.Writer.TryComplete();
            await processing;
            LeaveRoom(RemovalReason.Left);
            _ending = true;
            _outbox.Writer.TryComplete();
            await sending;
        }
    }

    public void Dispose()
    {
        _renegotiationTimer?.Dispose();
        _stop.Dispose();
    }

    void IParticipantSignals.RenegotiationNeeded()
    {
        if (Interlocked.Exchange(ref _renegotiationScheduled, 1) == 0)
        {
            _renegotiationTimer?.Dispose();
            _renegotiationTimer = _time.CreateTimer(
                _ => _inbox.Writer.TryWrite(SessionInput.Renegotiate), null, RenegotiationDebounce, Timeout.InfiniteTimeSpan);
        }
    }

    void IParticipantSignals.ParticipantsChanged(IReadOnlyList<ParticipantState> participants) =>
        Send(SignalingMessages.Participants(participants));

    void IParticipantSignals.SpeakingChanged(string userId, bool speaking) =>
        Send(SignalingMessages.Speaking(userId, speaking));

    void IParticipantSignals.Removed(RemovalReason reason)
    {
        Send(SignalingMessages.Removed(reason));
        Close(WebSocketCloseStatus.NormalClosure, reason.Code);
    }

    void IPeerConnectionSink.OnRtp(ReadOnlySpan<byte> packet)
    {
        var participant = Volatile.Read(ref _participant);
        if (participant is not null)
        {
            participant.Room.ForwardRtp(participant, packet);
        }
    }

    void IPeerConnectionSink.OnRtcp(ReadOnlySpan<byte> packet)
    {
        var participant = Volatile.Read(ref _participant);
        if (participant is not null)
        {
            participant.Room.ReceiveRtcp(participant, packet);
        }
    }

    void IPeerConnectionSink.OnClosed(string reason)
    {
        LogTransportClosed(_token.UserId, reason);
        _inbox.Writer.TryWrite(SessionInput.TransportClosed);
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellation)
    {
        var buffer = new byte[_maxMessageBytes];
        while (_socket.State == WebSocketState.Open)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == buffer.Length)
                {
                    Refuse(SignalingErrorCodes.MessageTooLarge, $"messages are limited to {_maxMessageBytes} bytes");
                    Close(WebSocketCloseStatus.MessageTooBig, SignalingErrorCodes.MessageTooLarge);
                    return;
                }

                result = await _socket.ReceiveAsync(buffer.AsMemory(length), cancellation);
                length += result.Count;
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            if (!_rateLimit.TryTake())
            {
                Flooded($"more than {SignalingRateLimit.Burst} messages at once or {SignalingRateLimit.PerSecond} a second");
                await DiscardUntilClosedAsync(buffer, cancellation);
                return;
            }

            if (result.MessageType != WebSocketMessageType.Text)
            {
                Refuse(SignalingErrorCodes.BadMessage, "messages are JSON text");
                continue;
            }

            if (ClientMessage.TryParse(buffer.AsSpan(0, length), out var message, out var code, out var problem))
            {
                if (Interlocked.Increment(ref _queuedClientMessages) > MaxQueuedClientMessages)
                {
                    Flooded($"{MaxQueuedClientMessages} messages waiting to be processed");
                    await DiscardUntilClosedAsync(buffer, cancellation);
                    return;
                }

                _inbox.Writer.TryWrite(SessionInput.From(message));
            }
            else
            {
                Refuse(code, problem);
            }
        }
    }

    /// <summary>
    /// After closing on a flood, what the client still sends is read and dropped (never queued) until it answers our
    /// close frame or the close timeout cuts it off: so it reads our error instead of a connection reset.
    /// </summary>
    private async Task DiscardUntilClosedAsync(byte[] buffer, CancellationToken cancellation)
    {
        while (_socket.State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            var result = await _socket.ReceiveAsync(buffer.AsMemory(), cancellation);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
        }
    }

    private async Task ProcessLoopAsync(CancellationToken cancellation)
    {
        try
        {
            await foreach (var input in _inbox.Reader.ReadAllAsync(cancellation))
            {
                try
                {
                    Handle(input);
                }
                catch (Exception ex)
                {
                    // One bad message must never take the node down; the client is told and may retry.
                    LogHandlerFailed(ex, _token.UserId);
                    Refuse(SignalingErrorCodes.BadMessage, "the message could not be processed");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Handle(SessionInput input)
    {
        switch (input.Kind)
        {
            case SessionInputKind.Renegotiate:
                Interlocked.Exchange(ref _renegotiationScheduled, 0);
                SendNodeOffer();
                break;
            case SessionInputKind.TransportClosed:
                LeaveRoom(RemovalReason.TransportClosed);
                Send(SignalingMessages.Removed(RemovalReason.TransportClosed));
                Close(WebSocketCloseStatus.NormalClosure, RemovalReason.TransportClosed.Code);
                break;
            default:
                Interlocked.Decrement(ref _queuedClientMessages);
                HandleClientMessage(input.Message!);
                break;
        }
    }

    private void HandleClientMessage(ClientMessage message)
    {
        switch (message.Op)
        {
            case "offer":
                HandleOffer(message.Sdp!);
                break;
            case "answer":
                HandleAnswer(message.Sdp!);
                break;
            case "candidate":
                // The node is ICE-lite: it learns the client's address from its connectivity checks.
                break;
            case "mute" when _participant is not null:
                _participant.Room.SetSelfMuted(_participant, message.Flag);
                break;
            case "deaf" when _participant is not null:
                _participant.Room.SetSelfDeafened(_participant, message.Flag);
                break;
            case "mute" or "deaf":
                Refuse(SignalingErrorCodes.WrongState, "send an offer first");
                break;
            case "leave":
                LeaveRoom(RemovalReason.Left);
                Close(WebSocketCloseStatus.NormalClosure, "left");
                break;
        }
    }

    private void HandleOffer(string sdp)
    {
        if (_peer is not null)
        {
            HandleReoffer(_peer, sdp);
            return;
        }

        var peer = _peers.Create(this);
        if (!peer.TryAnswer(sdp, out var answer, out var rtp, out var error))
        {
            peer.Dispose();
            Refuse(SignalingErrorCodes.BadSdp, error);
            return;
        }

        var participant = _rooms.TryJoin(_token.RoomId, _token.UserId, _token.CanSpeak, rtp, peer, this);
        if (participant is null)
        {
            peer.Dispose();
            Refuse(SignalingErrorCodes.RoomFull, "this voice channel is full");
            Close(WebSocketCloseStatus.PolicyViolation, SignalingErrorCodes.RoomFull);
            return;
        }

        _peer = peer;
        Volatile.Write(ref _participant, participant);
        Send(SignalingMessages.Answer(answer));
        LogJoined(_token.UserId, _token.RoomId);
    }

    /// <summary>
    /// A later client offer. Glare is settled for the node: its offer in flight stands and the client's is declined,
    /// because the node's offer may announce streams that are already waiting for it. Declines do not count as abuse.
    /// </summary>
    private void HandleReoffer(IPeerConnection peer, string sdp)
    {
        if (_pendingOfferVersion != 0)
        {
            Decline(SignalingErrorCodes.Glare, "a node offer is awaiting your answer: apply it, answer it, then offer again");
            return;
        }

        switch (peer.TryAnswerReoffer(sdp, out var answer, out var error))
        {
            case SdpReofferOutcome.Answered:
                Send(SignalingMessages.Answer(answer));
                LogReofferAnswered(_token.UserId);
                break;
            case SdpReofferOutcome.IceRestart:
                Decline(SignalingErrorCodes.IceRestartUnsupported, error);
                break;
            default:
                Refuse(SignalingErrorCodes.BadSdp, error);
                break;
        }
    }

    private void HandleAnswer(string sdp)
    {
        if (_participant is null || _peer is null || _pendingOfferVersion == 0)
        {
            Refuse(SignalingErrorCodes.WrongState, "no node offer is awaiting an answer");
            return;
        }

        var version = _pendingOfferVersion;
        _pendingOfferVersion = 0;
        if (!_peer.TryApplyAnswer(sdp, out var error))
        {
            _participant.Room.OfferFailed(_participant);
            Refuse(SignalingErrorCodes.BadSdp, error);
            return;
        }

        _participant.Room.AnswerApplied(_participant, version);
    }

    private void SendNodeOffer()
    {
        if (_participant is null || _peer is null)
        {
            return;
        }

        var offer = _participant.Room.TakeOffer(_participant);
        if (offer is null)
        {
            return;
        }

        _pendingOfferVersion = offer.Version;
        Send(SignalingMessages.Offer(_peer.CreateOffer(offer)));
    }

    private void LeaveRoom(RemovalReason reason)
    {
        var participant = Interlocked.Exchange(ref _participant, null);
        if (participant is not null)
        {
            _rooms.Leave(participant, reason);
        }

        var peer = Interlocked.Exchange(ref _peer, null);
        peer?.Dispose();
    }

    private void Refuse(string code, string message)
    {
        _metrics.SignalingRefused();
        Send(SignalingMessages.Error(code, message));
        if (Interlocked.Increment(ref _errors) == MaxErrors)
        {
            Send(SignalingMessages.Error(SignalingErrorCodes.TooManyErrors, "too many bad messages"));
            Close(WebSocketCloseStatus.PolicyViolation, SignalingErrorCodes.TooManyErrors);
        }
    }

    private void Decline(string code, string message)
    {
        _metrics.SignalingRefused();
        Send(SignalingMessages.Error(code, message));
    }

    private void Send(byte[] message) => Enqueue(new Outgoing(message, null, null));

    private void Close(WebSocketCloseStatus status, string reason)
    {
        Enqueue(new Outgoing(null, status, reason));
        _inbox.Writer.TryComplete();
    }

    private void Enqueue(Outgoing outgoing)
    {
        if (!_outbox.Writer.TryWrite(outgoing) && !_ending)
        {
            CutOff();
        }
    }

    private void Flooded(string detail)
    {
        _metrics.SignalingRefused();
        LogFlooded(_token.UserId, detail);
        Send(SignalingMessages.Error(SignalingErrorCodes.TooManyMessages, "too many messages"));
        Close(WebSocketCloseStatus.PolicyViolation, SignalingErrorCodes.TooManyMessages);
    }

    /// <summary>
    /// The client stopped reading: no close handshake can reach it, so the socket is aborted, which ends the receive
    /// loop and, through it, the session. Runs on whichever thread found the queue full (an SFU callback, under a
    /// room's lock), so it only aborts; leaving the room happens on the session's own loop.
    /// </summary>
    private void CutOff()
    {
        if (Interlocked.Exchange(ref _cutOff, 1) == 0)
        {
            LogCutOff(_token.UserId, MaxQueuedOutgoing);
            _inbox.Writer.TryComplete();
            _socket.Abort();
        }
    }

    private async Task SendLoopAsync()
    {
        try
        {
            await foreach (var outgoing in _outbox.Reader.ReadAllAsync())
            {
                if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
                {
                    continue;
                }

                if (outgoing.Payload is not null)
                {
                    await _socket.SendAsync(outgoing.Payload, WebSocketMessageType.Text, true, CancellationToken.None);
                    continue;
                }

                await _socket.CloseOutputAsync(outgoing.CloseStatus!.Value, outgoing.CloseReason, CancellationToken.None);

                // The client answers our close frame, which ends the receive loop; one that never does is cut off.
                _stop.CancelAfter(CloseHandshakeTimeout);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            await _stop.CancelAsync();
        }
    }

    private sealed record Outgoing(byte[]? Payload, WebSocketCloseStatus? CloseStatus, string? CloseReason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Voice signalling for user {UserId} joined room {RoomId}")]
    private partial void LogJoined(string userId, string roomId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Voice signalling for user {UserId}: answered a client re-offer")]
    private partial void LogReofferAnswered(string userId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Voice signalling for user {UserId} ended by the connection")]
    private partial void LogConnectionEnded(Exception exception, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Media transport of user {UserId} closed: {Reason}")]
    private partial void LogTransportClosed(string userId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Voice signalling for user {UserId} closed for flooding: {Detail}")]
    private partial void LogFlooded(string userId, string detail);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Voice signalling for user {UserId} cut off: {Queued} messages waiting and the client does not read them")]
    private partial void LogCutOff(string userId, int queued);

    [LoggerMessage(Level = LogLevel.Error, Message = "Signalling message from user {UserId} failed")]
    private partial void LogHandlerFailed(Exception exception, string userId);
}
