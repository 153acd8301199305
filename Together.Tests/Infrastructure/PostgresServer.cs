using System.Diagnostics;
using System.Text;
using Npgsql;
using Together.AppHost.HostPostgres;

namespace Together.Tests.Infrastructure;

/// <summary>
/// One real PostgreSQL per test run, started from the host's newest binaries (found as the AppHost finds them) on
/// a temporary folder and a free port (no Docker here), stopped when the test process exits. Each test class gets
/// a database of its own. When the binaries are missing this fails loudly: the PostgreSQL half of the suite must
/// never be skipped silently.
/// </summary>
public sealed class PostgresServer
{
    private const string FolderPrefix = "together-pg-";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);

    private readonly string _root;
    private readonly Process _process;

    private PostgresServer(string root, int port, Process process)
    {
        _root = root;
        Port = port;
        _process = process;
    }

    public int Port { get; }

    public static Task<PostgresServer> GetAsync() => Shared.Value;

    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix.ToLowerInvariant()}_{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=10";

    private static async Task<PostgresServer> StartAsync()
    {
        var installation = FindInstallation();
        RemoveAbandonedServers();
        var root = Directory.CreateTempSubdirectory($"{FolderPrefix}{Environment.ProcessId}-").FullName;
        var data = Path.Combine(root, "data");
        var sockets = Path.Combine(root, "sockets");
        Directory.CreateDirectory(data);
        Directory.CreateDirectory(sockets);
        if (installation.RunAs is { } account)
        {
            await RunAsync("chown", ["-R", $"{account}:{account}", root]);
        }

        var initdb = installation.Command("initdb");
        await RunAsync(initdb.Command, [.. initdb.Arguments,
            "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"]);

        var port = FreePorts.Tcp();
        var postgres = installation.Command("postgres");
        var startInfo = new ProcessStartInfo(postgres.Command)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[.. postgres.Arguments, "-D", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-k", sockets, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
                     "-c", "full_page_writes=off", "-c", "max_connections=300"])
        {
            startInfo.ArgumentList.Add(argument);
        }

        var log = new StringBuilder();
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start postgres.");
        process.ErrorDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
        process.OutputDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var server = new PostgresServer(root, port, process);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        await server.WaitUntilReadyAsync(log);
        return server;
    }

    private async Task WaitUntilReadyAsync(StringBuilder log)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (deadline.Elapsed < TimeSpan.FromSeconds(30) && !_process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
            {
                lock (log)
                {
                    throw new InvalidOperationException($"PostgreSQL did not start on port {Port}:\n{log}", exception);
                }
            }
        }
    }

    private void Stop()
    {
        try
        {
            if (!_process.HasExited)
            {
                // SIGINT is PostgreSQL's "fast shutdown": it ends sessions and stops cleanly.
                using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                kill?.WaitForExit(2_000);
                if (!_process.WaitForExit(10_000))
                {
                    _process.Kill();
                }
            }

            Directory.Delete(_root, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Console.Error.WriteLine($"Could not clean up the test PostgreSQL at {_root}: {exception.Message}");
        }
    }

    /// <summary>
    /// Deletes the folders of earlier runs whose server is gone (a test host killed before it could clean up). A
    /// folder is in use while the test process named in it lives (another test run may still be in initdb, before
    /// any postmaster.pid exists) or while its postmaster.pid names a live process.
    /// </summary>
    private static void RemoveAbandonedServers()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            var owner = Path.GetFileName(folder)[FolderPrefix.Length..].Split('-')[0];
            var pidFile = Path.Combine(folder, "data", "postmaster.pid");
            var alive = (int.TryParse(owner, out var ownerPid) && Directory.Exists($"/proc/{ownerPid}"))
                || (File.Exists(pidFile)
                    && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid)
                    && Directory.Exists($"/proc/{pid}"));
            if (!alive)
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"Could not remove {folder}: {exception.Message}");
                }
            }
        }
    }

    private static PostgresInstallation FindInstallation()
    {
        try
        {
            return PostgresInstallation.Find(configuredBinDirectory: null);
        }
        catch (InvalidOperationException exception)
        {
            throw new InvalidOperationException(
                "Install PostgreSQL with 'apt-get install -y postgresql' (the test script does this); the PostgreSQL " +
                $"tests must run. {exception.Message}", exception);
        }
    }

    private static async Task RunAsync(string program, string[] arguments)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await output}\n{await error}");
        }
    }
}
