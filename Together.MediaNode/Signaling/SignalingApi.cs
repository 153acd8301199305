using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Together.MediaNode.Sfu;

namespace Together.MediaNode.Signaling;

/// <summary>The signalling WebSocket at <c>/media/ws?token=</c> (DESIGN §6).</summary>
public static partial class SignalingApi
{
    public const string Path = "/media/ws";

    public static IEndpointConventionBuilder MapSignalingApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.Map(Path, HandleAsync).WithName("MediaSignaling").ExcludeFromDescription();

    private static async Task HandleAsync(
        HttpContext context,
        VoiceTokenVerifier verifier,
        SfuRooms rooms,
        MediaNodeMetrics metrics,
        TimeProvider time,
        IOptions<MediaNodeOptions> options,
        ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("This is the voice signalling WebSocket: connect with ?token=.");
            return;
        }

        var logger = loggers.CreateLogger(typeof(SignalingApi));
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        if (!verifier.TryVerify(context.Request.Query["token"], out var token, out var rejection))
        {
            metrics.SignalingRefused();
            LogTokenRejected(logger, rejection!.Reason);
            await socket.SendAsync(
                SignalingMessages.Error(SignalingErrorCodes.InvalidToken, rejection.Reason),
                WebSocketMessageType.Text, true, context.RequestAborted);
            await socket.CloseOutputAsync(
                WebSocketCloseStatus.PolicyViolation, SignalingErrorCodes.InvalidToken, context.RequestAborted);
            return;
        }

        var peers = context.RequestServices.GetRequiredService<IPeerConnectionFactory>();
        // A stopping process ends its calls rather than waiting out the shutdown timeout on open sockets.
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        using var session = new SignalingSession(
            socket, token!, rooms, peers, metrics, time, logger, options.Value.MaxSignalingMessageBytes);
        await session.RunAsync(ended.Token);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Voice token refused: {Reason}")]
    private static partial void LogTokenRejected(ILogger logger, string reason);
}
