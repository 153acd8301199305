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

    private readonly Channel<GatewayEvent> _outbox = Channel.CreateBounded<GatewayEvent>(
        new BoundedChannelOptions(MaxQueuedEvents) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Lock _sequenceLock = new();
    private readonly HubCallerContext _context;
    private long _sequence;
    private volatile bool _closed;

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

    /// <summary>
    /// Numbers the event and queues it. False when the client is too far behind: it is then aborted. An event for a
    /// connection that has just closed is dropped quietly (a dispatch can race a disconnect).
    /// </summary>
    public bool Enqueue(string type, object data)
    {
        lock (_sequenceLock)
        {
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

    /// <summary>Sends queued events to the client, in order, until the connection closes.</summary>
    public async Task PumpAsync(IGatewayClient client)
    {
        await foreach (var gatewayEvent in _outbox.Reader.ReadAllAsync())
        {
            await client.Event(gatewayEvent);
        }
    }

    public void Close()
    {
        _closed = true;
        _outbox.Writer.TryComplete();
    }
}
