using System.Globalization;
using Microsoft.AspNetCore.SignalR;
using Together.Api.Domain;

namespace Together.Api.Gateway;

/// <summary>
/// A hub method refused with a domain error fails with a <see cref="HubException"/> whose message starts with the
/// error's stable code (<c>rate_limited: …</c>), the one part of an error SignalR passes to the client. Anything
/// else stays SignalR's generic error, so no detail of a bug leaks.
/// </summary>
public sealed class GatewayErrorFilter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (RateLimitedException limited)
        {
            throw new HubException(string.Create(CultureInfo.InvariantCulture,
                $"{limited.Code}: {limited.Message} Retry after {Math.Ceiling(limited.RetryAfter.TotalSeconds)} s."), limited);
        }
        catch (DomainException refused)
        {
            throw new HubException($"{refused.Code}: {refused.Message}", refused);
        }
    }
}
