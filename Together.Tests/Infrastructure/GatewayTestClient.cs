using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Together.Tests.Infrastructure;

/// <summary>
/// A real SignalR client on the gateway (WebSockets, JSON) that keeps every event it receives, in order. PRESENCE_UPDATE
/// is left out unless asked for: presence changes whenever a test user connects or leaves, so it would interleave
/// with whatever a test reads next (presence tests ask for it).
/// </summary>
public sealed class GatewayTestClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly HubConnection _connection;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GatewayTestClient(HubConnection connection, bool presence)
    {
        _connection = connection;
        _connection.On<JsonElement>("event", gatewayEvent =>
        {
            if (presence || gatewayEvent.GetProperty("t").GetString() != "PRESENCE_UPDATE")
            {
                _events.Writer.TryWrite(gatewayEvent);
            }
        });
        _connection.Closed += _ =>
        {
            _closed.TrySetResult();
            return Task.CompletedTask;
        };
    }

    /// <summary>Completes when the server has closed the connection.</summary>
    public Task Closed => _closed.Task;

    /// <summary>The READY event the connection began with.</summary>
    public JsonElement Ready { get; private set; }

    /// <summary>
    /// Connects to the host as the user once its gateway has dispatched every event published so far, and waits for
    /// READY: the client hears what happens after the call, and nothing from before it.
    /// </summary>
    public static async Task<GatewayTestClient> ConnectAsync(TogetherApiHost host, string accessToken, bool presence = false)
    {
        await host.SettleGatewayAsync();
        return await ConnectAsync(host.BaseAddress, accessToken, presence);
    }

    /// <summary>Connects as the user and waits for READY, so anything dispatched afterwards reaches this client.</summary>
    public static async Task<GatewayTestClient> ConnectAsync(Uri baseAddress, string accessToken, bool presence = false)
    {
        var client = await StartAsync(baseAddress, accessToken, presence);
        var ready = await client.NextEventAsync();
        Assert.Equal("READY", ready.GetProperty("t").GetString());
        client.Ready = ready;
        return client;
    }

    /// <summary>Connects as the user without waiting for anything: READY is the first event to read.</summary>
    public static async Task<GatewayTestClient> StartAsync(Uri baseAddress, string accessToken, bool presence = false)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/gateway"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
            })
            .Build();
        var client = new GatewayTestClient(connection, presence);
        await connection.StartAsync().WaitAsync(Timeout);
        return client;
    }

    public async Task<JsonElement> NextEventAsync() => await NextEventAsync(Timeout);

    /// <summary>The next event, waiting up to <paramref name="timeout"/> for it (for events that come after a delay on purpose).</summary>
    public async Task<JsonElement> NextEventAsync(TimeSpan timeout) => await _events.Reader.ReadAsync().AsTask().WaitAsync(timeout);

    /// <summary>Reads the next event and asserts its type; returns its payload (<c>d</c>).</summary>
    public async Task<JsonElement> NextEventAsync(string type)
    {
        var next = await NextEventAsync();
        Assert.True(next.GetProperty("t").GetString() == type, $"Expected {type}, got {next}");
        return next.GetProperty("d");
    }

    /// <summary>The events received and not yet read, without waiting for more.</summary>
    public IReadOnlyList<JsonElement> ReceivedEvents()
    {
        var received = new List<JsonElement>();
        while (_events.Reader.TryRead(out var gatewayEvent))
        {
            received.Add(gatewayEvent);
        }

        return received;
    }

    /// <summary>Calls a hub method and waits for its completion (a refusal throws <see cref="HubException"/>).</summary>
    public Task InvokeAsync(string method, params object?[] arguments) =>
        _connection.InvokeCoreAsync(method, arguments).WaitAsync(Timeout);

    /// <summary>Calls a hub method and waits for its completion, with the result.</summary>
    public Task<T> InvokeAsync<T>(string method, params object?[] arguments) =>
        _connection.InvokeCoreAsync<T>(method, arguments).WaitAsync(Timeout);

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
