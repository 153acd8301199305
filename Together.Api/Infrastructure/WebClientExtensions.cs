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
        app.MapFallback("/api/{**path}", () => Results.Problem(
            statusCode: StatusCodes.Status404NotFound,
            detail: "There is no such API endpoint.",
            extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.NotFound }))
            .ExcludeFromDescription();

        if (folder is null)
        {
            return app;
        }

        var files = new PhysicalFileProvider(folder);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        app.MapFallbackToFile("index.html", new StaticFileOptions { FileProvider = files });
        return app;
    }
}
