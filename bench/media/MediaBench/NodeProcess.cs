using System.Diagnostics;
using System.Globalization;
using Together.Tests.Infrastructure;

namespace Together.Bench.Media;

/// <summary>
/// The built Together.MediaNode (Release) in its own process on free loopback ports, so its CPU time is its own.
/// Its warnings and errors go to standard error.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly HttpClient _http;

    private NodeProcess(Process process, int httpPort)
    {
        _process = process;
        SignalingUri = new Uri($"ws://127.0.0.1:{httpPort}/media/ws");
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri SignalingUri { get; }

    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The node's own RTP packet counters from its Prometheus scrape; null when the node does not answer in time.</summary>
    public async Task<(long In, long Out)?> PacketCountersAsync()
    {
        string scrape;
        try
        {
            scrape = await _http.GetStringAsync(new Uri("metrics", UriKind.Relative));
        }
        catch (TaskCanceledException)
        {
            return null;
        }

        var lines = scrape.Split('\n');
        long Counter(string name) => lines.Where(line => line.StartsWith(name + "{", StringComparison.Ordinal))
            .Sum(line => long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        return (Counter("together_media_packets_in_total"), Counter("together_media_packets_out_total"));
    }

    public static async Task<NodeProcess> StartAsync(string repositoryRoot, string tokenPublicKeyPem)
    {
        var assembly = Path.Combine(repositoryRoot, "Together.MediaNode", "bin", "Release", "net10.0", "Together.MediaNode.dll");
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException("Build Together.MediaNode in Release first", assembly);
        }

        var httpPort = FreePorts.Tcp();
        var start = new ProcessStartInfo("dotnet", [assembly])
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Urls"] = $"http://127.0.0.1:{httpPort}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Together.MediaNode.MediaNodeStartupLog"] = "Information";
        start.Environment["Media__TokenPublicKey"] = tokenPublicKeyPem;
        start.Environment["Media__UdpPort"] = FreePorts.Udp().ToString(CultureInfo.InvariantCulture);
        start.Environment["Media__TcpPort"] = FreePorts.Tcp().ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the media node");
        var node = new NodeProcess(process, httpPort);
        process.OutputDataReceived += (_, e) => node.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => node.OnOutput(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await node._ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return node;
    }

    private void OnOutput(string? line)
    {
        if (line?.Contains("Media node ready", StringComparison.Ordinal) == true)
        {
            _ready.TrySetResult();
        }
        else if (line is not null)
        {
            Console.Error.WriteLine($"node: {line}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _http.Dispose();
    }
}
