using Microsoft.AspNetCore.SignalR;
using Together.Api.Domain;

namespace Together.Api.Gateway;

/// <summary>
/// Hub methods against the connection's lifetime. A connection the server has ended (its session revoked, its token
/// expired) refuses every method with the CONNECTION_CLOSE code (through <see cref="GatewayErrorFilter"/>, which
/// runs around it) while that event is on its way out, so a revoked
/// client cannot type or set its presence during the close's grace. A connection held after READY (its user holds
/// another session here, <see cref="GatewayHub.Resume"/>) is released by the first method it calls other than
/// <c>Resume</c>: the client has shown it is not resuming.
/// </summary>
public sealed class GatewayLifetimeFilter : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocationContext.Context.Items.TryGetValue(GatewayHub.ConnectionKey, out var item) && item is GatewayConnection connection)
        {
            if (connection.EndedWith is { } code)
            {
                throw DomainException.Unauthenticated(code, "This connection has ended; the server is closing it.");
            }

            if (invocationContext.HubMethodName != nameof(GatewayHub.Resume))
            {
                connection.Release(byClient: true);
            }
        }

        return next(invocationContext);
    }
}
