namespace Together.Api.Infrastructure;

public static class DefaultUrlExtensions
{
    public const string DefaultUrl = "http://localhost:5000";

    /// <summary>
    /// Listens on <see cref="DefaultUrl"/> only when nothing else says where: a <c>Urls</c> in appsettings would
    /// outrank <c>ASPNETCORE_URLS</c> and <c>HTTP_PORTS</c>, which Aspire, containers and systemd units rely on.
    /// </summary>
    public static WebApplicationBuilder UseDefaultUrlUnlessConfigured(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (string.IsNullOrWhiteSpace(configuration["urls"])
            && string.IsNullOrWhiteSpace(configuration["http_ports"])
            && string.IsNullOrWhiteSpace(configuration["https_ports"])
            && !configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }
}
