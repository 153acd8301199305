using Microsoft.Extensions.Configuration;

namespace Together.AppHost;

/// <summary>How the AppHost chooses and places the PostgreSQL it starts.</summary>
/// <remarks>
/// Keys (appsettings, environment with <c>__</c>, or <c>--key=value</c> after <c>dotnet run --</c>):
/// <c>Together:AppHost:DataDirectory</c> (default <c>&lt;AppHost folder&gt;/.together</c>),
/// <c>Together:AppHost:Postgres</c> (<c>auto</c>, <c>container</c> or <c>executable</c>),
/// <c>Together:AppHost:PostgresBinDirectory</c> (default: the newest <c>/usr/lib/postgresql/*/bin</c>),
/// <c>Together:AppHost:MediaPort</c> (the media node's UDP and ICE-TCP port, default 50000; 0 lets the system pick),
/// <c>Together:AppHost:WebPort</c> (the edge's public http port, the address to open: default 8080; 0 lets the system pick).
/// <c>ConnectionStrings:together</c>, when set, replaces all of them with an existing database.
/// </remarks>
internal sealed record AppHostSettings(
    string DataDirectory, PostgresMode PostgresMode, string? PostgresBinDirectory, int MediaPort, int WebPort)
{
    private const string Section = "Together:AppHost";
    private const int DefaultMediaPort = 50000;
    private const int DefaultWebPort = 8080;

    public static AppHostSettings From(IConfiguration configuration, string appHostDirectory)
    {
        var section = configuration.GetSection(Section);
        var dataDirectory = section["DataDirectory"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, appHostDirectory)
            : Path.Combine(appHostDirectory, ".together");

        var mode = section["Postgres"] is { Length: > 0 } text
            ? Enum.TryParse<PostgresMode>(text, ignoreCase: true, out var parsed)
                ? parsed
                : throw new InvalidOperationException(
                    $"{Section}:Postgres is '{text}'; expected one of: {string.Join(", ", Enum.GetNames<PostgresMode>())}.")
            : PostgresMode.Auto;

        var mediaPort = section.GetValue("MediaPort", DefaultMediaPort);
        var webPort = section.GetValue("WebPort", DefaultWebPort);
        return new AppHostSettings(dataDirectory, mode, section["PostgresBinDirectory"], mediaPort, webPort);
    }
}

internal enum PostgresMode
{
    /// <summary>A container when a healthy container runtime answers, else the host's executables.</summary>
    Auto,
    Container,
    Executable,
}
