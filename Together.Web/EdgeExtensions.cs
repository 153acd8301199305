using Together.ServiceDefaults;

namespace Together.Web;

/// <summary>
/// The edge of the distributed shape: one public origin that serves the built web client and forwards
/// <c>/api</c>, <c>/gateway</c> (WebSockets included), <c>/openapi</c> and <c>/scalar</c> to the Api and
/// <c>/media</c> to the media node. Routes live in the <c>ReverseProxy</c> configuration section; cluster
/// addresses such as <c>http://api</c> are resolved by service discovery (<c>services:api:http:0</c>).
/// </summary>
public static class EdgeExtensions
{
    private const string ReverseProxySection = "ReverseProxy";
    private const string ClientEntryPage = "index.html";

    public static TBuilder AddTogetherEdge<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection(ReverseProxySection))
            .AddServiceDiscoveryDestinationResolver();
        return builder;
    }

    public static WebApplication MapTogetherEdge(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.MapReverseProxy();

        // The client is built into wwwroot by the web client's build; until then the edge only proxies.
        if (app.Environment.WebRootFileProvider.GetFileInfo(ClientEntryPage).Exists)
        {
            app.UseDefaultFiles();
            app.UseStaticFiles();
            app.MapFallbackToFile(ClientEntryPage);
        }

        return app;
    }
}
