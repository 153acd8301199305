using Microsoft.AspNetCore.Mvc;

namespace Together.Api.Infrastructure;

public static class RequestLimits
{
    /// <summary>JSON bodies of account and profile endpoints are tiny; anything near this is abuse.</summary>
    public const long JsonBodyLimitBytes = 64 * 1024;

    /// <summary>Bodies over <see cref="JsonBodyLimitBytes"/> get 413 <c>payload_too_large</c> before being read.</summary>
    public static TBuilder WithJsonBodyLimit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestSizeLimitAttribute(JsonBodyLimitBytes));
}
