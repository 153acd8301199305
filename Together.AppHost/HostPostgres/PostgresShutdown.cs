using System.Diagnostics;
using System.Runtime.Versioning;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Together.AppHost.HostPostgres;

/// <summary>
/// Stops the AppHost's PostgreSQL with a fast, clean shutdown (<c>pg_ctl stop -m fast</c>) when the AppHost stops.
/// Without it DCP kills the server once the AppHost has exited, and the next start runs crash recovery.
/// Registered after Aspire's own services, so it stops first.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed partial class PostgresShutdown(
    PostgresInstallation installation, PostgresFolders folders, ILogger<PostgresShutdown> logger) : IHostedService
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(folders.Data, "postmaster.pid")))
        {
            return;
        }

        var (command, prefix) = installation.Command("pg_ctl");
        var start = new ProcessStartInfo(command, [.. prefix, "stop", "-D", folders.Data, "-m", "fast", "-w", "-t", "15"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var pgCtl = Process.Start(start);
        if (pgCtl is null)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StopTimeout);
        var error = pgCtl.StandardError.ReadToEndAsync(timeout.Token);
        await pgCtl.WaitForExitAsync(timeout.Token);
        if (pgCtl.ExitCode != 0)
        {
            LogStopFailed(logger, pgCtl.ExitCode, (await error).Trim());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "pg_ctl stop exited with {ExitCode}: {Error}")]
    private static partial void LogStopFailed(ILogger logger, int exitCode, string error);
}
