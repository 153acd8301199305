using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Together.Tests.Infrastructure;

/// <summary>A real SignalR client on the gateway (WebSockets, JSON) that keeps every event it receives, in order.</summary>
public sealed class GatewayTestClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly HubConnection _connection;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GatewayTestClient(HubConnection connection)
    {
        _connection = connection;
        _connection.On<JsonElement>("event", gatewayEvent => _events.Writer.TryWrite(gatewayEvent));
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

    /// <summary>Connects as the user and waits for READY, so anything dispatched afterwards reaches this client.</summary>
    public static async Task<GatewayTestClient> ConnectAsync(Uri baseAddress, string accessToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/gateway"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
            })
            .Build();
        var client = new GatewayTestClient(connection);
        await connection.StartAsync().WaitAsync(Timeout);
        var ready = await client.NextEventAsync();
        Assert.Equal("READY", ready.GetProperty("t").GetString());
        client.Ready = ready;
        return client;
    }

    public async Task<JsonElement> NextEventAsync() => await _events.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

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

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
