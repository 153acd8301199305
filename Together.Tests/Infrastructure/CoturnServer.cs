using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Together.Tests.Infrastructure;

/// <summary>
/// Debian's coturn (<c>turnserver</c>) on loopback, as the TURN REST API setup production uses (<c>use-auth-secret</c>),
/// with loopback peers allowed (test only: production denies them, deploy/turnserver.conf), over UDP only. Its own
/// temp folder and free ports; killed on dispose.
/// </summary>
public sealed class CoturnServer : IAsyncDisposable
{
    public const string TurnServerPath = "/usr/bin/turnserver";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _folder;

    private CoturnServer(Process process, string folder, int port, string secret)
    {
        _process = process;
        _folder = folder;
        Port = port;
        SharedSecret = secret;
    }

    public int Port { get; }

    public string SharedSecret { get; }

    public string Url => $"turn:127.0.0.1:{Port}?transport=udp";

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

    public static async Task<CoturnServer> StartAsync()
    {
        if (!File.Exists(TurnServerPath))
        {
            throw new InvalidOperationException($"{TurnServerPath} is missing: install it with `apt-get install -y coturn`.");
        }

        var folder = Directory.CreateTempSubdirectory("together-coturn-").FullName;
        var port = FreePorts.Udp();
        var relayFrom = FreePorts.Udp();
        var secret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo(TurnServerPath,
        [
            "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", $"--listening-port={Invariant(port)}",
            $"--min-port={Invariant(relayFrom)}", $"--max-port={Invariant(relayFrom + 50)}",
            "--use-auth-secret", $"--static-auth-secret={secret}", "--realm=together.test",
            // UDP only (every test's URL is ?transport=udp). The port was free for UDP, not necessarily for TCP: a
            // TCP listener would retry forever on a port an outgoing test connection happens to hold.
            "--allow-loopback-peers", "--no-cli", "--no-tls", "--no-dtls", "--no-tcp", "--no-tcp-relay", "--fingerprint",
            "--log-file=stdout", "--simple-log", $"--pidfile={Path.Combine(folder, "turnserver.pid")}",
            $"--userdb={Path.Combine(folder, "turndb")}",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start turnserver");
        var server = new CoturnServer(process, folder, port, secret);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await AnswersStunAsync(port))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var output = server.Output;
                await server.DisposeAsync();
                throw new InvalidOperationException($"turnserver did not open its listener:\n{output}");
            }

            await Task.Delay(100);
        }

        return server;
    }

    /// <summary>A STUN Binding request (RFC 5389) to the listener: coturn is ready when it answers.</summary>
    private static async Task<bool> AnswersStunAsync(int port)
    {
        using var socket = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var request = new byte[20];
        request[1] = 0x01;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(4), 0x2112A442);
        System.Security.Cryptography.RandomNumberGenerator.Fill(request.AsSpan(8));
        await socket.SendAsync(request, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        try
        {
            var answer = await socket.ReceiveAsync(timeout.Token);
            return answer.Buffer.Length >= 20 && answer.Buffer[0] == 0x01 && answer.Buffer[1] == 0x01;
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Net.Sockets.SocketException)
        {
            return false;
        }
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
