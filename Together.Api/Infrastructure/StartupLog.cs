using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Together.Api.Data;

namespace Together.Api.Infrastructure;

/// <summary>Says, once the server listens, where it listens and where the data lives.</summary>
public static partial class StartupLog
{
    public static void LogWhereOnStart(this WebApplication app, string? webClientFolder)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Together.Api");
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            var database = app.Services.GetRequiredService<DatabaseSettings>();
            var dataDirectory = app.Services.GetRequiredService<DataDirectory>();
            LogListening(logger, addresses is null ? "(unknown)" : string.Join(", ", addresses));
            LogData(logger, database.Location, dataDirectory.Path);
            foreach (var tightened in dataDirectory.Tightened)
            {
                LogTightened(logger, tightened.Path, Octal(tightened.From), Octal(tightened.To));
            }

            LogWebClient(logger, webClientFolder ?? "not built (API only)");
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Together is listening on {Addresses}")]
    private static partial void LogListening(ILogger logger, string addresses);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database: {Database}; data directory: {DataDirectory}")]
    private static partial void LogData(ILogger logger, string database, string dataDirectory);

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Path} was readable by other accounts (mode {From}); narrowed to its owner (mode {To})")]
    private static partial void LogTightened(ILogger logger, string path, string from, string to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Web client: {WebClient}")]
    private static partial void LogWebClient(ILogger logger, string webClient);
}
