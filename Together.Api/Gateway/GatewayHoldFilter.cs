using Microsoft.AspNetCore.SignalR;

namespace Together.Api.Gateway;

/// <summary>
/// A connection held after READY (its user holds another session here, <see cref="GatewayHub.Resume"/>) is released
/// by the first hub method it calls other than <c>Resume</c>: the client has shown it is not resuming.
/// </summary>
public sealed class GatewayHoldFilter : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocationContext.HubMethodName != nameof(GatewayHub.Resume)
            && invocationContext.Context.Items.TryGetValue(GatewayHub.ConnectionKey, out var item) && item is GatewayConnection connection)
        {
            connection.Release(byClient: true);
        }

        return next(invocationContext);
    }
}
