using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Together.Tests.Media;

/// <summary>A minimal signalling client over a real WebSocket: send {op, d}, read the node's messages.</summary>
public sealed class SignalingClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    public WebSocket Socket => _socket;

    public static async Task<SignalingClient> ConnectAsync(Uri uri)
    {
        var client = new SignalingClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client._socket.ConnectAsync(uri, timeout.Token);
        return client;
    }

    public Task SendAsync(string op, object? data = null) =>
        SendRawAsync(JsonSerializer.Serialize(new { op, d = data }));

    public async Task SendRawAsync(string text, WebSocketMessageType type = WebSocketMessageType.Text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), type, true, timeout.Token);
    }

    /// <summary>The next message, or null when the node closed the connection.</summary>
    public async Task<JsonElement?> ReceiveAsync(TimeSpan? wait = null)
    {
        using var timeout = new CancellationTokenSource(wait ?? TimeSpan.FromSeconds(10));
        var buffer = new byte[256 * 1024];
        var length = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), timeout.Token);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        if (result.MessageType == WebSocketMessageType.Close)
        {
            return null;
        }

        return JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone();
    }

    /// <summary>Reads until a message with <paramref name="op"/> arrives (others are skipped).</summary>
    public async Task<JsonElement> ReceiveOpAsync(string op, TimeSpan? wait = null)
    {
        var deadline = DateTime.UtcNow + (wait ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var message = await ReceiveAsync(deadline - DateTime.UtcNow)
                ?? throw new InvalidOperationException($"closed ({_socket.CloseStatus} {_socket.CloseStatusDescription}) while waiting for '{op}'");
            if (message.GetProperty("op").GetString() == op)
            {
                return message;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The node may already be gone; the test has its answer.
            }
        }

        _socket.Dispose();
    }
}
