using System.Net;
using Microsoft.Extensions.Logging;

namespace Together.MediaNode.Host;

internal static partial class MediaTransportLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Media UDP listening on {EndPoint} (dual stack: {DualStack})")]
    public static partial void UdpListening(ILogger logger, IPEndPoint endPoint, bool dualStack);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "ICE-TCP listening on {EndPoint}")]
    public static partial void TcpListening(ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug,
        Message = "Dropped {Count} datagrams from unknown sources in the last interval (last from {Source}, {Reason})")]
    public static partial void DroppedUnknown(ILogger logger, int count, SocketAddress? source, string reason);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Media receive loop error")]
    public static partial void ReceiveError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information,
        Message = "DTLS warm-up handshake took {Milliseconds:F1} ms")]
    public static partial void WarmedUp(ILogger logger, double milliseconds);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information, Message = "Peer {Ufrag} connected over {Endpoint} with {Profile}")]
    public static partial void PeerConnected(ILogger logger, string ufrag, Transport.Ice.IceEndpoint? endpoint, Transport.Srtp.SrtpProfile profile);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Information, Message = "Peer {Ufrag} disconnected: {Reason} {Detail}")]
    public static partial void PeerDisconnected(ILogger logger, string ufrag, Transport.Peer.PeerDisconnectReason reason, string? detail);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Debug, Message = "ICE-TCP connection from {Remote} closed: {Reason}")]
    public static partial void TcpClosed(ILogger logger, IPEndPoint? remote, string reason);
}
