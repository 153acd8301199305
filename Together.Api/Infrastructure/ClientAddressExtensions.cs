namespace Together.Api.Infrastructure;

public static class ClientAddressExtensions
{
    /// <summary>
    /// The client's address as rate limits and session records see it: the forwarded one when the request came
    /// through a trusted proxy (the forwarded-headers middleware has already applied it), else the peer's.
    /// </summary>
    public static string GetClientAddress(this HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
