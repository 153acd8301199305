using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Together.MediaNode;

namespace Together.Bench.Media;

/// <summary>
/// Mouth-to-ear latency through the node between two Chromium clients on loopback: tone bursts scheduled on one
/// AudioContext clock, detected on the same clock after Opus encode, SRTP, the SFU, jitter buffer and decode.
/// </summary>
internal sealed class MouthToEarBench(string repositoryRoot, int bursts)
{
    public async Task RunAsync()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.AddMediaNode(o =>
        {
            o.TokenPublicKey = key.ExportSubjectPublicKeyInfoPem();
            o.UdpPort = 0;
            o.TcpPort = 0;
        });
        await using var app = builder.Build();
        app.MapMediaNode();
        var pages = Path.Combine(repositoryRoot, "Together.Tests", "Media", "Browser", "wwwroot");
        app.MapGet("/test/{file}", (string file) =>
            file is "voice-test.html" or "voice-client.js"
                ? Results.File(Path.Combine(pages, file), file.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : "text/html")
                : Results.NotFound());
        await app.StartAsync();
        var http = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--allow-loopback-in-peer-connection", "--autoplay-policy=no-user-gesture-required", "--no-sandbox"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(http, "/test/voice-test.html").ToString());
        var speaker = Signaling(http, Mint(key, "speaker"));
        var listener = Signaling(http, Mint(key, "listener"));
        Console.WriteLine($"mouth-to-ear: {bursts} bursts of 1 kHz through the node, Chromium {browser.Version}, loopback");
        var json = await page.EvaluateAsync<string>(
            "async ([a, b, n]) => JSON.stringify(await window.mouthToEar(a, b, n))", new object[] { speaker, listener, bursts });
        Print("through the node", json);
        var direct = await browser.NewPageAsync();
        await direct.GotoAsync(new Uri(http, "/test/voice-test.html").ToString());
        Print("direct peer connection (baseline)", await direct.EvaluateAsync<string>(
            "async n => JSON.stringify(await window.directMouthToEar(n))", bursts));
        await app.StopAsync();
    }

    private void Print(string label, string json)
    {
        var latencies = JsonSerializer.Deserialize<double[]>(json)!.Order().ToArray();
        if (latencies.Length == 0)
        {
            Console.WriteLine($"  {label}: no burst was heard");
            return;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label}: heard {latencies.Length}/{bursts}, p50 {latencies[latencies.Length / 2]:F1} ms, p95 {latencies[Math.Min(latencies.Length - 1, (int)(latencies.Length * 0.95))]:F1} ms, min {latencies[0]:F1} ms, max {latencies[^1]:F1} ms"));
    }

    private static string Signaling(Uri http, string token) => $"ws://{http.Authority}/media/ws?token={token}";

    private static string Mint(ECDsa key, string userId)
    {
        var header = Base64Url.EncodeToString("{\"alg\":\"ES256\",\"typ\":\"JWT\"}"u8);
        var claims = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new
        {
            sub = userId,
            room = "bench",
            speak = true,
            jti = Guid.NewGuid().ToString("N"),
            exp = DateTimeOffset.UtcNow.AddSeconds(50).ToUnixTimeSeconds(),
        }));
        var signature = key.SignData(
            Encoding.ASCII.GetBytes($"{header}.{claims}"), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{header}.{claims}.{Base64Url.EncodeToString(signature)}";
    }
}
