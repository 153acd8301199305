using System.Collections.Frozen;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;

namespace Together.Api.Gateway;

/// <summary>
/// One gateway session of this process: what READY's <c>sessionId</c> names. It numbers its events (<c>s</c>: 1 for
/// READY, then +1 per event, as DESIGN §5 says) and sends them in that order to the SignalR connection it is attached
/// to. Numbering happens when an event is queued, under a lock, so the order of <c>s</c> is the order on the wire;
/// the queue means a dispatch never waits on a socket, and a client too slow to drain it is disconnected rather than
/// allowed to hold events in memory without end.
/// <para>
/// <b>Resume.</b> A session outlives its connection (<see cref="GatewayConnections.Detach"/>): it stays in its groups
/// and keeps queuing, so a new connection of the same user can take it over with <see cref="TryResume"/> and be sent
/// what it missed. Sent events are kept (up to <c>Gateway:ResumeBufferSize</c>, oldest dropped first) because a
/// client may not have received what was last written to a dying socket. READY and RESUMED are not kept: they are
/// sent from <see cref="_control"/>, so an idle session holds no event at all, and the queues are allocated with the
/// first event.
/// </para>
/// </summary>
public sealed class GatewayConnection
{
    /// <summary>Events that may wait for one connected client; a client this far behind is gone in all but name.</summary>
    public const int MaxQueuedEvents = 1000;

    /// <summary>
    /// How long an ended connection may take to send CONNECTION_CLOSE before its socket is cut anyway. Nothing but that
    /// event is sent once a session has ended, so the grace only bounds a client that stopped reading; at 500 ms a busy
    /// server cut healthy clients before their pump got to send it, and they reconnected without knowing why.
    /// </summary>
    public static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(3);

    private readonly Lock _lock = new();
    private readonly int _bufferSize;
    private HubCallerContext? _context;
    private int _generation;
    private Queue<GatewayEvent>? _unsent;
    private Queue<GatewayEvent>? _sent;
    private GatewayEvent? _control;
    private long _sequence;
    private long _lastSent;
    private long _dropped;
    private bool _held;
    private bool _calledFirst;
    private bool _resumable = true;
    private TaskCompletionSource? _wake;
    private volatile bool _closed;
    private volatile GatewayEvent? _closeEvent;

    public GatewayConnection(HubCallerContext context, long id, long userId, long sessionId, int bufferSize)
    {
        _context = context;
        Id = id;
        UserId = userId;
        SessionId = sessionId;
        _bufferSize = bufferSize;
    }

    /// <summary>The gateway session id, READY's <c>sessionId</c>.</summary>
    public long Id { get; }

    /// <summary>The connection the session sends to now; null while it waits to be resumed.</summary>
    public string? ConnectionId
    {
        get
        {
            lock (_lock)
            {
                return _context?.ConnectionId;
            }
        }
    }

    public long UserId { get; }

    /// <summary>Who the attached connection authenticated as; what it keeps of its token for its whole life.</summary>
    internal ClaimsPrincipal? User
    {
        get
        {
            lock (_lock)
            {
                return _context?.User;
            }
        }
    }

    /// <summary>The auth session of the connection attached last: its end ends this gateway session.</summary>
    public long SessionId { get; private set; }

    /// <summary>
    /// Per server, the channels this connection was last told about: set from READY or SERVER_CREATE and kept up to
    /// date by <see cref="ChannelVisibility"/>, which compares it with what the member may view now to decide who
    /// gets CHANNEL_CREATE, CHANNEL_UPDATE or CHANNEL_DELETE.
    /// </summary>
    public SnapshotMap<long, FrozenSet<long>> VisibleChannels { get; } = new();

    /// <summary>The DMs and group DMs this connection was told about (READY, CHANNEL_CREATE) and not yet taken from.</summary>
    public SnapshotMap<long, bool> PrivateChannels { get; } = new();

    /// <summary>Whether events of the channel (of no server: a DM) may reach this connection: one lookup, no database.</summary>
    public bool CanView(long? serverId, long channelId) =>
        serverId is { } id
            ? VisibleChannels.TryGetValue(id, out var visible) && visible.Contains(channelId)
            : PrivateChannels.ContainsKey(channelId);

    /// <summary>Queues READY (or a fresh READY answering a failed resume): sent before anything queued after it.</summary>
    public void EnqueueReady(object data, bool hold)
    {
        lock (_lock)
        {
            _control = new GatewayEvent(GatewayEventTypes.Ready, ++_sequence, data);
            _held = hold;
            Wake();
        }
    }

    /// <summary>
    /// Lets events after READY flow: the hold ran out, or the client called a hub method other than Resume
    /// (<paramref name="byClient"/>), which means it does not resume.
    /// </summary>
    public void Release(bool byClient)
    {
        lock (_lock)
        {
            _calledFirst |= byClient;
            if (_held)
            {
                _held = false;
                Wake();
            }
        }
    }

    /// <summary>
    /// Numbers the event and queues it. False when the client is too far behind (connected: more than
    /// <see cref="MaxQueuedEvents"/> unsent; waiting for resume: more than the resume buffer): the caller then lets
    /// the session go. An event for a session that has ended or just closed is dropped quietly (a dispatch can race either).
    /// </summary>
    public bool Enqueue(string type, object data)
    {
        lock (_lock)
        {
            if (_closeEvent is not null || _closed)
            {
                return true;
            }

            _unsent ??= new Queue<GatewayEvent>();
            if (_unsent.Count >= (_context is null ? _bufferSize : MaxQueuedEvents))
            {
                _resumable = false;
                return false;
            }

            _unsent.Enqueue(new GatewayEvent(type, ++_sequence, data));
            Trim();
            Wake();
            return true;
        }
    }

    /// <summary>
    /// Ends the session from the server's side: from this call on nothing more is queued or sent but
    /// CONNECTION_CLOSE with <paramref name="code"/>, after which the socket closes; events still waiting are
    /// dropped, since the session or token they were meant for is no longer valid.
    /// </summary>
    public void End(string code)
    {
        lock (_lock)
        {
            if (_closeEvent is not null)
            {
                return;
            }

            _closeEvent = new GatewayEvent(GatewayEventTypes.ConnectionClose, ++_sequence, new ConnectionClosePayload(code));
            _resumable = false;
            Wake();
        }

        // The pump closes the socket once CONNECTION_CLOSE is out; this bounds a pump stuck on a client that stopped reading.
        _ = AbortAfterGraceAsync();
    }

    /// <summary>The code of CONNECTION_CLOSE once the server has ended the session (<see cref="End"/>), else null.</summary>
    public string? EndedWith => (_closeEvent?.Data as ConnectionClosePayload)?.Code;

    /// <summary>The pump of the connection attached now; a pump started before a resume stops at its next event.</summary>
    public int Generation
    {
        get
        {
            lock (_lock)
            {
                return _generation;
            }
        }
    }

    /// <summary>Sends queued events to the client, in order, until the session ends or another connection takes it over.</summary>
    public async Task PumpAsync(IGatewayClient client, int generation)
    {
        try
        {
            while (true)
            {
                GatewayEvent? next;
                Task? wait = null;
                lock (_lock)
                {
                    if (generation != _generation || _closed)
                    {
                        return;
                    }

                    next = _closeEvent ?? TakeNext();
                    if (next is null)
                    {
                        _wake ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        wait = _wake.Task;
                    }
                }

                if (next is null)
                {
                    await wait!;
                }
                else if (ReferenceEquals(next, _closeEvent))
                {
                    await client.Event(next).WaitAsync(CloseGrace);
                    return;
                }
                else
                {
                    await client.Event(next);
                }
            }
        }
        finally
        {
            if (_closeEvent is not null)
            {
                AbortCurrent();
            }
        }
    }

    /// <summary>
    /// Its connection went away (<paramref name="context"/>; ignored when another connection has taken the session
    /// over). True when the session can be resumed: it keeps queuing, unsent, until it is or it expires.
    /// </summary>
    public bool Detach(HubCallerContext context)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_context, context))
            {
                return true;
            }

            _context = null;
            _generation++;
            Wake();
            return _resumable;
        }
    }

    /// <summary>True while no connection is attached and the session has not been let go.</summary>
    public bool IsDetached
    {
        get
        {
            lock (_lock)
            {
                return _context is null && !_closed;
            }
        }
    }

    /// <summary>True while the session was sent nothing after its READY and the client called no other method: it may still resume another.</summary>
    public bool MayResumeAnother
    {
        get
        {
            lock (_lock)
            {
                return !_calledFirst && _lastSent <= 1;
            }
        }
    }

    /// <summary>
    /// Attaches the session to <paramref name="context"/>, a new connection of its user whose client last applied
    /// <paramref name="lastSeq"/>: the events after it are sent again with their numbers, then RESUMED. False, and
    /// nothing changes, when those events are not all here. The connection attached before, if any, is returned so
    /// the caller closes it.
    /// </summary>
    public bool TryResume(HubCallerContext context, long sessionId, long lastSeq, out HubCallerContext? previous)
    {
        previous = null;
        lock (_lock)
        {
            if (_closed || !_resumable || _closeEvent is not null || lastSeq < Math.Max(1, _dropped) || lastSeq > _lastSent)
            {
                return false;
            }

            // What was sent after lastSeq goes back in front of what was never sent, in order.
            if (_sent is { Count: > 0 } sent && sent.Any(sentEvent => sentEvent.Sequence > lastSeq))
            {
                var again = new Queue<GatewayEvent>(sent.Where(sentEvent => sentEvent.Sequence <= lastSeq));
                _unsent = new Queue<GatewayEvent>(sent.Where(sentEvent => sentEvent.Sequence > lastSeq).Concat(_unsent ?? []));
                _sent = again;
            }

            previous = _context;
            _context = context;
            SessionId = sessionId;
            _generation++;
            _held = false;
            _control = new GatewayEvent(GatewayEventTypes.Resumed, ++_sequence, new ResumedPayload(Domain.Snowflake.Format(Id)));
            Wake();
            return true;
        }
    }

    /// <summary>The session is let go for good: nothing more is queued, its events are freed.</summary>
    public void Close()
    {
        lock (_lock)
        {
            CloseLocked();
        }
    }

    /// <summary><see cref="Close"/>, unless a connection has taken the session over; true when closed.</summary>
    public bool CloseIfDetached()
    {
        lock (_lock)
        {
            if (_context is not null)
            {
                return false;
            }

            CloseLocked();
            return true;
        }
    }

    private void CloseLocked()
    {
        _closed = true;
        _unsent = null;
        _sent = null;
        _generation++;
        Wake();
    }

    /// <summary>The next event to send, in <c>s</c> order; moves it to the resume buffer. Null when there is none yet.</summary>
    private GatewayEvent? TakeNext()
    {
        var queued = _unsent is { Count: > 0 } unsent ? unsent.Peek() : null;
        if (_control is { } control && (queued is null || control.Sequence < queued.Sequence))
        {
            _control = null;
            _lastSent = control.Sequence;
            return control;
        }

        if (queued is null || _held)
        {
            return null;
        }

        _unsent!.Dequeue();
        (_sent ??= new Queue<GatewayEvent>()).Enqueue(queued);
        _lastSent = queued.Sequence;
        Trim();
        return queued;
    }

    /// <summary>Drops the oldest sent events beyond the resume buffer; <see cref="_dropped"/> remembers how far.</summary>
    private void Trim()
    {
        while (_sent is { Count: > 0 } sent && sent.Count + (_unsent?.Count ?? 0) > _bufferSize)
        {
            _dropped = sent.Dequeue().Sequence;
        }
    }

    private void Wake()
    {
        var wake = _wake;
        _wake = null;
        wake?.TrySetResult();
    }

    /// <summary>Closes the socket of the connection attached now, if any.</summary>
    public void AbortCurrent()
    {
        HubCallerContext? context;
        lock (_lock)
        {
            context = _context;
        }

        context?.Abort();
    }

    private async Task AbortAfterGraceAsync()
    {
        await Task.Delay(CloseGrace);
        AbortCurrent();
    }
}
