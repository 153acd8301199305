using Microsoft.Extensions.Logging;
using Together.Api.Features.Auth;
using Together.Api.Features.Servers;

namespace Together.Api.Cli;

/// <summary>
/// A host for one command: the same configuration sources as the server (appsettings, environment, user secrets)
/// and the same database selection, without the web server, and quiet logging.
/// </summary>
internal static class CliHost
{
    public static IHost Build()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ApplicationName = typeof(CliHost).Assembly.GetName().Name,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(options => options.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddTogetherCore(migrateOnStartup: false);
        builder.Services.AddTogetherAccounts();
        builder.AddTogetherServers();
        return builder.Build();
    }
}
