using Microsoft.AspNetCore.SignalR;

namespace Together.Api.Gateway;

/// <summary>What the server calls on gateway clients: every event goes through the one method <c>event</c>.</summary>
public interface IGatewayClient
{
    [HubMethodName("event")]
    Task Event(GatewayEvent gatewayEvent);
}
