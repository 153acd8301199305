using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Together.Api.Features.Auth;

namespace Together.Api.Gateway;

/// <summary>
/// Browsers cannot set headers on WebSockets, so SignalR clients send the access token as the <c>access_token</c>
/// query parameter, and ASP.NET Core's request logs ("Request starting … ?access_token=…") and traces (<c>url.query</c>)
/// would record it. This takes it out of the query before the request is logged or traced at all: on the gateway
/// path it becomes the request's <c>Authorization: Bearer</c> header, where authentication reads it and nothing
/// records it; anywhere else, where it was never accepted, it is dropped.
/// </summary>
internal sealed class GatewayTokenQuery(IHttpContextFactory inner) : IHttpContextFactory
{
    private const string Parameter = "access_token";

    public HttpContext Create(IFeatureCollection featureCollection)
    {
        if (featureCollection.Get<IHttpRequestFeature>() is { } request
            && request.QueryString.Contains(Parameter, StringComparison.OrdinalIgnoreCase))
        {
            MoveToken(request);
        }

        return inner.Create(featureCollection);
    }

    public void Dispose(HttpContext httpContext) => inner.Dispose(httpContext);

    private static void MoveToken(IHttpRequestFeature request)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString);
        var tokens = query.Where(pair => pair.Key.Equals(Parameter, StringComparison.OrdinalIgnoreCase)).ToList();
        if (tokens.Count == 0)
        {
            return;
        }

        var rest = query.Where(pair => !pair.Key.Equals(Parameter, StringComparison.OrdinalIgnoreCase))
            .SelectMany(pair => pair.Value.Select(value => KeyValuePair.Create(pair.Key, value)));
        request.QueryString = QueryString.Create(rest).Value ?? string.Empty;
        request.RawTarget = request.RawTarget.Split('?', 2)[0] + request.QueryString;
        if (new PathString(request.Path).StartsWithSegments(AuthExtensions.GatewayPath)
            && tokens[0].Value.FirstOrDefault() is { Length: > 0 } token)
        {
            request.Headers[HeaderNames.Authorization] = $"Bearer {token}";
        }
    }
}
