using System.Diagnostics;
using System.Globalization;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Together.Tests.Infrastructure;

/// <summary>
/// A real RabbitMQ, started from the Debian package's binaries as the <c>rabbitmq</c> user on a temporary folder,
/// with its own node name, AMQP, distribution and epmd ports (no system service, no Docker, no clash with another
/// RabbitMQ on the machine). Its owner stops it; the test process's exit is only a backstop, because the test
/// runner does not wait long for exit handlers. Missing binaries fail loudly.
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    public const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    private const string FolderPrefix = "together-rabbitmq-";

    private readonly string _root;
    private readonly Process _process;
    private readonly int _epmdPort;

    private RabbitMqServer(string root, int port, int epmdPort, Process process)
    {
        _root = root;
        Port = port;
        _epmdPort = epmdPort;
        _process = process;
    }

    public int Port { get; }

    /// <summary>The <c>Bus:RabbitMq</c> value; the default guest account may connect over loopback.</summary>
    public string ConnectionUri => $"amqp://guest:guest@127.0.0.1:{Port}/";

    public static async Task<RabbitMqServer> StartAsync()
    {
        if (!File.Exists(ServerScript))
        {
            throw new InvalidOperationException(
                $"RabbitMQ is not installed ({ServerScript} is missing). Install it with 'apt-get install -y rabbitmq-server'.");
        }

        RemoveAbandonedServers();
        var root = Directory.CreateTempSubdirectory($"{FolderPrefix}{Environment.ProcessId}-").FullName;
        await RunAsync("chown", ["rabbitmq:rabbitmq", root]);

        var (port, distributionPort, epmdPort) = (FreePorts.Tcp(), FreePorts.Tcp(), FreePorts.Tcp());
        var startInfo = new ProcessStartInfo("setpriv")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var argument in (string[])["--reuid=rabbitmq", "--regid=rabbitmq", "--init-groups", "--", ServerScript])
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Every path points into the folder, so nothing of /etc/rabbitmq or /var/lib/rabbitmq is read or written;
        // HOME holds the Erlang cookie that rabbitmqctl (used by the script's own shutdown) needs.
        startInfo.Environment.Clear();
        foreach (var (name, value) in new Dictionary<string, string>
                 {
                     ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin",
                     ["HOME"] = root,
                     ["RABBITMQ_NODENAME"] = $"together-test-{port}@localhost",
                     ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
                     ["RABBITMQ_NODE_PORT"] = Invariant(port),
                     ["RABBITMQ_DIST_PORT"] = Invariant(distributionPort),
                     ["ERL_EPMD_PORT"] = Invariant(epmdPort),
                     ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
                     ["RABBITMQ_MNESIA_BASE"] = Path.Combine(root, "mnesia"),
                     ["RABBITMQ_LOG_BASE"] = Path.Combine(root, "log"),
                     ["RABBITMQ_LOGS"] = "-",
                     ["RABBITMQ_PID_FILE"] = Path.Combine(root, "rabbitmq.pid"),
                     ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(root, "enabled_plugins"),
                     ["RABBITMQ_CONFIG_FILE"] = Path.Combine(root, "rabbitmq"),
                     ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(root, "advanced.config"),
                     ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(root, "rabbitmq-env.conf"),
                 })
        {
            startInfo.Environment[name] = value;
        }

        var log = new StringBuilder();
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start rabbitmq-server.");
        process.ErrorDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
        process.OutputDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var server = new RabbitMqServer(root, port, epmdPort, process);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        await server.WaitUntilReadyAsync(log);
        return server;
    }

    private async Task WaitUntilReadyAsync(StringBuilder log)
    {
        var factory = new ConnectionFactory { Uri = new Uri(ConnectionUri), RequestedConnectionTimeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = await factory.CreateConnectionAsync();
                return;
            }
            catch (BrokerUnreachableException) when (deadline.Elapsed < TimeSpan.FromSeconds(60) && !_process.HasExited)
            {
                await Task.Delay(250);
            }
            catch (BrokerUnreachableException exception)
            {
                lock (log)
                {
                    throw new InvalidOperationException($"RabbitMQ did not start on port {Port}:\n{log}", exception);
                }
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private void Stop()
    {
        if (!Directory.Exists(_root))
        {
            return;
        }

        try
        {
            // TERM to the Erlang VM itself is a clean, quick shutdown (the script's own TERM handler would start
            // another VM for "rabbitmqctl stop"); the script then exits with it.
            if (NodeProcessId() is { } node)
            {
                using var term = Process.Start("kill", ["-TERM", Invariant(node)]);
                term?.WaitForExit(2_000);
            }

            if (!_process.WaitForExit(15_000))
            {
                _process.Kill(entireProcessTree: true);
            }

            // The node started an epmd of its own on its private port; it outlives the node unless told to go.
            using var epmd = Process.Start(new ProcessStartInfo("epmd", ["-kill"])
            {
                Environment = { ["ERL_EPMD_PORT"] = Invariant(_epmdPort) },
                RedirectStandardOutput = true,
                UseShellExecute = false,
            });
            epmd?.WaitForExit(5_000);
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException
                                              or System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine($"Could not clean up the test RabbitMQ at {_root}: {exception.Message}");
        }
    }

    private int? NodeProcessId()
    {
        var pidFile = Path.Combine(_root, "rabbitmq.pid");
        return File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) ? pid : null;
    }

    /// <summary>
    /// Deletes the folders of earlier test processes that are gone (killed before they cleaned up). A folder's name
    /// carries its test process's id, so servers of this run, still starting, are never touched.
    /// </summary>
    private static void RemoveAbandonedServers()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            var owner = Path.GetFileName(folder)[FolderPrefix.Length..].Split('-')[0];
            if (int.TryParse(owner, out var pid) && Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }

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

    private static async Task RunAsync(string program, string[] arguments)
    {
        using var process = Process.Start(program, arguments) ?? throw new InvalidOperationException($"Could not start {program}.");
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}).");
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
