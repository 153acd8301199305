using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

namespace Together.Api.Gateway;

/// <summary>
/// One gateway connection of this process. It numbers its events (<c>s</c>: 1 for READY, then +1 per event, as
/// DESIGN §5 says) and sends them in that order from its own queue. Numbering happens when an event is queued, under
/// a lock, so the order of <c>s</c> is the order on the wire; the queue means a dispatch never waits on a socket,
/// and a client too slow to drain it is disconnected rather than allowed to hold events in memory without end.
/// </summary>
public sealed class GatewayConnection
{
    /// <summary>Events that may wait for one client; a client this far behind is gone in all but name.</summary>
    public const int MaxQueuedEvents = 1000;

    /// <summary>How long an ended connection may take to send CONNECTION_CLOSE before its socket is cut anyway.</summary>
    public static readonly TimeSpan CloseGrace = TimeSpan.FromMilliseconds(500);

    private readonly Channel<GatewayEvent> _outbox = Channel.CreateBounded<GatewayEvent>(
        new BoundedChannelOptions(MaxQueuedEvents) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Lock _sequenceLock = new();
    private readonly HubCallerContext _context;
    private long _sequence;
    private volatile bool _closed;
    private volatile GatewayEvent? _closeEvent;

    public GatewayConnection(HubCallerContext context, long userId, long sessionId)
    {
        _context = context;
        UserId = userId;
        SessionId = sessionId;
    }

    public string ConnectionId => _context.ConnectionId;

    public long UserId { get; }

    public long SessionId { get; }

    /// <summary>
    /// Per server, the channels this connection was last told about: set from READY or SERVER_CREATE and kept up to
    /// date by <see cref="ChannelVisibility"/>, which compares it with what the member may view now to decide who
    /// gets CHANNEL_CREATE, CHANNEL_UPDATE or CHANNEL_DELETE.
    /// </summary>
    public ConcurrentDictionary<long, FrozenSet<long>> VisibleChannels { get; } = new();

    /// <summary>The DMs and group DMs this connection was told about (READY, CHANNEL_CREATE) and not yet taken from.</summary>
    public ConcurrentDictionary<long, bool> PrivateChannels { get; } = new();

    /// <summary>Whether events of the channel (of no server: a DM) may reach this connection: one lookup, no database.</summary>
    public bool CanView(long? serverId, long channelId) =>
        serverId is { } id
            ? VisibleChannels.TryGetValue(id, out var visible) && visible.Contains(channelId)
            : PrivateChannels.ContainsKey(channelId);

    /// <summary>
    /// Numbers the event and queues it. False when the client is too far behind: it is then aborted. An event for a
    /// connection that has ended or just closed is dropped quietly (a dispatch can race either).
    /// </summary>
    public bool Enqueue(string type, object data)
    {
        lock (_sequenceLock)
        {
            if (_closeEvent is not null)
            {
                return true;
            }

            if (_outbox.Writer.TryWrite(new GatewayEvent(type, _sequence + 1, data)))
            {
                _sequence++;
                return true;
            }
        }

        if (_closed)
        {
            return true;
        }

        _context.Abort();
        return false;
    }

    /// <summary>
    /// Ends the connection from the server's side: from this call on nothing more is queued or sent but
    /// CONNECTION_CLOSE with <paramref name="code"/>, after which the socket closes; events still waiting are
    /// dropped, since the session or token they were meant for is no longer valid.
    /// </summary>
    public void End(string code)
    {
        lock (_sequenceLock)
        {
            if (_closeEvent is not null)
            {
                return;
            }

            _closeEvent = new GatewayEvent(GatewayEventTypes.ConnectionClose, ++_sequence, new ConnectionClosePayload(code));
            _outbox.Writer.TryComplete();
        }

        // The pump closes the socket once CONNECTION_CLOSE is out; this bounds a pump stuck on a client that stopped reading.
        _ = AbortAfterGraceAsync();
    }

    /// <summary>Sends queued events to the client, in order, until the connection closes or ends.</summary>
    public async Task PumpAsync(IGatewayClient client)
    {
        try
        {
            await foreach (var gatewayEvent in _outbox.Reader.ReadAllAsync())
            {
                if (_closeEvent is not null)
                {
                    break;
                }

                await client.Event(gatewayEvent);
            }

            if (_closeEvent is { } closeEvent && !_closed)
            {
                await client.Event(closeEvent).WaitAsync(CloseGrace);
            }
        }
        finally
        {
            if (_closeEvent is not null)
            {
                _context.Abort();
            }
        }
    }

    /// <summary>The client went away: nothing more is queued.</summary>
    public void Close()
    {
        _closed = true;
        _outbox.Writer.TryComplete();
    }

    private async Task AbortAfterGraceAsync()
    {
        await Task.Delay(CloseGrace);
        _context.Abort();
    }
}
