using System.Diagnostics;
using System.Globalization;
using System.Net;
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

    private NodeProcess(Process process, int httpPort, int udpPort)
    {
        _process = process;
        UdpEndPoint = new IPEndPoint(IPAddress.Loopback, udpPort);
        SignalingUri = new Uri($"ws://127.0.0.1:{httpPort}/media/ws");
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri SignalingUri { get; }

    public IPEndPoint UdpEndPoint { get; }

    public int Id => _process.Id;

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

    /// <summary>Polls /health every 200 ms for <paramref name="duration"/>; the slowest answer (a failure counts as the timeout).</summary>
    public async Task<TimeSpan> PollHealthAsync(TimeSpan duration)
    {
        var slowest = TimeSpan.Zero;
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await _http.GetAsync(new Uri("health", UriKind.Relative));
                response.EnsureSuccessStatusCode();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return _http.Timeout;
            }

            var took = Stopwatch.GetElapsedTime(started);
            slowest = took > slowest ? took : slowest;
            await Task.Delay(200);
        }

        return slowest;
    }

    /// <param name="cpu">A core to pin the node to with taskset (the generator runs on the others); null leaves it free.</param>
    public static async Task<NodeProcess> StartAsync(string repositoryRoot, string tokenPublicKeyPem, int? cpu = null)
    {
        var assembly = Path.Combine(repositoryRoot, "Together.MediaNode", "bin", "Release", "net10.0", "Together.MediaNode.dll");
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException("Build Together.MediaNode in Release first", assembly);
        }

        var httpPort = FreePorts.Tcp();
        var start = cpu is { } core
            ? new ProcessStartInfo("taskset", ["-c", core.ToString(CultureInfo.InvariantCulture), "dotnet", assembly])
            : new ProcessStartInfo("dotnet", [assembly]);
        start.WorkingDirectory = Path.GetDirectoryName(assembly)!;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["Urls"] = $"http://127.0.0.1:{httpPort}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Together.MediaNode.MediaNodeStartupLog"] = "Information";
        start.Environment["Media__TokenPublicKey"] = tokenPublicKeyPem;
        var udpPort = FreePorts.Udp();
        start.Environment["Media__UdpPort"] = udpPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Media__TcpPort"] = FreePorts.Tcp().ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the media node");
        var node = new NodeProcess(process, httpPort, udpPort);
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
