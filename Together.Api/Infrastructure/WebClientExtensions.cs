using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Together.Api.Infrastructure;

/// <summary>
/// Serves the built web client when one is present: <c>Together:WebRoot</c>, else <c>Together.Web/wwwroot</c>
/// beside the Api project, else <c>wwwroot</c> beside the executable. Paths without a file extension that no
/// endpoint claims (client-side routes) get <c>index.html</c>; <c>/api</c> never does.
/// </summary>
public static class WebClientExtensions
{
    private const string ClientRoutePattern = "{*path:regex(^(?!(api|gateway|media|openapi|scalar|health|alive|metrics)(/|$))):nonfile}";

    public static string? FindWebClient(IServiceProvider services)
    {
        var environment = services.GetRequiredService<IWebHostEnvironment>();
        var configured = services.GetRequiredService<IOptions<TogetherOptions>>().Value.WebRoot;
        string[] candidates = string.IsNullOrWhiteSpace(configured)
            ?
            [
                Path.Combine(environment.ContentRootPath, "..", "Together.Web", "wwwroot"),
                Path.Combine(AppContext.BaseDirectory, "wwwroot"),
            ]
            : [Path.GetFullPath(configured, environment.ContentRootPath)];
        return candidates.Select(Path.GetFullPath).FirstOrDefault(folder => File.Exists(Path.Combine(folder, "index.html")));
    }

    public static WebApplication MapWebClient(this WebApplication app, string? folder)
    {
        if (folder is null)
        {
            return app;
        }

        var files = new PhysicalFileProvider(folder);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        // Not a catch-all for /api and /gateway: there an unknown path is a 404 problem, and a catch-all would
        // also turn the router's 415 for a wrong content type into a match.
        app.MapFallbackToFile(ClientRoutePattern, "index.html", new StaticFileOptions { FileProvider = files });
        return app;
    }
}
