using System.Diagnostics;
using System.Net;
using System.Text;
using Together.MediaNode.Signaling;
using Together.Tests.Infrastructure;

namespace Together.Tests.Media.Integration;

/// <summary>
/// The media node as an operator runs it: its own process (the built Together.MediaNode), configured only through
/// environment variables, on free loopback ports. Its console output is kept for assertions and failure messages.
/// </summary>
public sealed class StandaloneMediaNode : IAsyncDisposable
{
    public const string ControlKey = "standalone-control-key-0123";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private StandaloneMediaNode(Process process, int httpPort, int udpPort, int tcpPort, VoiceTokenIssuer tokens)
    {
        _process = process;
        HttpBase = new Uri($"http://127.0.0.1:{httpPort}/");
        UdpPort = udpPort;
        TcpPort = tcpPort;
        Tokens = tokens;
    }

    public Uri HttpBase { get; }
    public int UdpPort { get; }
    public int TcpPort { get; }
    public VoiceTokenIssuer Tokens { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public Uri SignalingUri(string token) => new($"ws://127.0.0.1:{HttpBase.Port}/media/ws?token={token}");

    public static async Task<StandaloneMediaNode> StartAsync(IDictionary<string, string>? extraEnvironment = null)
    {
        var tokens = VoiceTokenIssuer.WithNewKey();
        var httpPort = FreePorts.Tcp();
        var udpPort = FreePorts.Udp();
        var tcpPort = FreePorts.Tcp();
        var assembly = NodeAssembly();
        var start = new ProcessStartInfo("dotnet", [assembly])
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Urls"] = $"http://127.0.0.1:{httpPort}";
        start.Environment["Media__TokenPublicKey"] = tokens.PublicKeyPem;
        start.Environment["Media__UdpPort"] = udpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Media__TcpPort"] = tcpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Media__ControlApiKey"] = ControlKey;
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the media node");
        var node = new StandaloneMediaNode(process, httpPort, udpPort, tcpPort, tokens);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await node.WaitHealthyAsync();
        return node;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = HttpBase, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The media node exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode == HttpStatusCode.OK
                    && Output.Contains("Media node ready", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The media node did not become healthy in 30 s:\n{Output}");
    }

    /// <summary>Together.MediaNode.dll as built next to this test assembly's configuration.</summary>
    private static string NodeAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configurationName = output.Parent!.Name;
        var directory = output;
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Together.sln")))
        {
            directory = directory.Parent;
        }

        var root = directory?.FullName ?? throw new InvalidOperationException("Together.sln not found above the test folder");
        var path = Path.Combine(root, "Together.MediaNode", "bin", configurationName, "net10.0", "Together.MediaNode.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build Together.MediaNode first", path);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Tokens.Dispose();
    }
}
