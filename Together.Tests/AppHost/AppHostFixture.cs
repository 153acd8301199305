using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Together.ServiceDefaults;

namespace Together.Tests.AppHost;

/// <summary>
/// Starts the whole distributed shape once through the AppHost, with PostgreSQL from the host's binaries (there
/// is no container runtime on our machines) on a cluster of its own in a temporary folder.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly DirectoryInfo _dataDirectory = ReachableTempDirectory();
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost did not start.");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Together_AppHost>(
            [
                $"--Together:AppHost:DataDirectory={_dataDirectory.FullName}",
                // Never a container, and never a silent fallback: missing PostgreSQL binaries fail these tests.
                "--Together:AppHost:Postgres=executable",
                // Media tests and a developer's own AppHost may hold the default media port.
                "--Together:AppHost:MediaPort=0",
                "--Together:AppHost:WebPort=0",
            ],
            timeout.Token);

        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        foreach (var resource in new[] { ResourceNames.Database, ResourceNames.Api, ResourceNames.MediaNode, ResourceNames.Web })
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }
    }

    /// <summary>A root AppHost runs PostgreSQL as 'postgres', which must be able to enter the folder (0700 by default).</summary>
    private static DirectoryInfo ReachableTempDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("together-apphost-");
        if (!OperatingSystem.IsWindows())
        {
            directory.UnixFileMode |= UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        }

        return directory;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        try
        {
            _dataDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // PostgreSQL may still be writing its shutdown checkpoint; the folder is in the temp area anyway.
        }
    }
}
