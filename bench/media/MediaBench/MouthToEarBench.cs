using System.Globalization;
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
using Together.MediaNode.Signaling;

namespace Together.Bench.Media;

/// <summary>
/// Mouth-to-ear latency through the node between two Chromium clients on loopback, with sample resolution: the
/// page (wwwroot/mouth-to-ear.js) finds each tone burst's first loud sample on the sent track and on the received
/// one, so the figure covers Opus encode, SRTP, the SFU, the jitter buffer and decode; then the same on a direct
/// peer connection, and getStats' own account of the parts as a cross-check.
/// </summary>
internal sealed class MouthToEarBench(string repositoryRoot, int bursts)
{
    public async Task RunAsync()
    {
        using var tokens = VoiceTokenIssuer.WithNewKey();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.AddMediaNode(o =>
        {
            o.TokenPublicKey = tokens.PublicKeyPem;
            o.UdpPort = 0;
            o.TcpPort = 0;
        });
        await using var app = builder.Build();
        app.MapMediaNode();
        var bench = Path.Combine(repositoryRoot, "bench", "media", "MediaBench", "wwwroot");
        var voiceClient = Path.Combine(repositoryRoot, "Together.Tests", "Media", "Browser", "wwwroot", "voice-client.js");
        app.MapGet("/bench/{file}", (string file) => file switch
        {
            "mouth-to-ear.html" => Results.File(Path.Combine(bench, file), "text/html"),
            "mouth-to-ear.js" => Results.File(Path.Combine(bench, file), "text/javascript"),
            "voice-client.js" => Results.File(voiceClient, "text/javascript"),
            _ => Results.NotFound(),
        });
        await app.StartAsync();
        var http = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--allow-loopback-in-peer-connection", "--autoplay-policy=no-user-gesture-required", "--no-sandbox"],
        });
        var pageUrl = new Uri(http, "/bench/mouth-to-ear.html").ToString();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(pageUrl);
        var speaker = Signaling(http, tokens.Issue("speaker", "bench"));
        var listener = Signaling(http, tokens.Issue("listener", "bench"));
        Console.WriteLine($"mouth-to-ear: {bursts} bursts of 1 kHz, sent track to received track, Chromium {browser.Version}, loopback");
        Print("through the node", await page.EvaluateAsync<string>(
            "async ([a, b, n]) => JSON.stringify(await window.mouthToEarBench.throughNode(a, b, n))", new object[] { speaker, listener, bursts }));
        await page.CloseAsync();
        var direct = await browser.NewPageAsync();
        await direct.GotoAsync(pageUrl);
        Print("direct peer connection (baseline)", await direct.EvaluateAsync<string>(
            "async n => JSON.stringify(await window.mouthToEarBench.direct(n))", bursts));
        await app.StopAsync();
    }

    private void Print(string label, string json)
    {
        var run = JsonSerializer.Deserialize<MouthToEarRun>(json, JsonOptions)!;
        Console.WriteLine($"  {label}: heard {run.Bursts.Length}/{bursts}");
        if (run.Bursts.Length > 0)
        {
            Console.WriteLine(Invariant($"    by frame read:       {Percentiles(run.Bursts.Select(b => b.Read))}"));
            Console.WriteLine(Invariant($"    by AudioData stamp:  {Percentiles(run.Bursts.Select(b => b.Stamp))}"));
        }

        // The encoder waits for a whole 20 ms Opus frame before the packet leaves.
        var estimate = 20 + run.JitterBufferMs + run.OneWayMs;
        Console.WriteLine(Invariant(
            $"    getStats parts: 20 ms frame + jitter buffer {run.JitterBufferMs:F1} ms (target {run.JitterBufferTargetMs:F1}, minimum {run.JitterBufferMinimumMs:F1}) + one way {run.OneWayMs:F1} ms (RTT {string.Join(" + ", run.RoundTripsMs.Select(r => r?.ToString("F1", CultureInfo.InvariantCulture) ?? "?"))}) = {estimate:F1} ms; the output device's buffer after the ear tap (AudioContext.outputLatency {run.OutputLatencyMs:F1} ms) not included"));
    }

    private static string Percentiles(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return Invariant(
            $"p50 {sorted[sorted.Length / 2]:F1} ms, p95 {sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.95))]:F1} ms, min {sorted[0]:F1} ms, max {sorted[^1]:F1} ms");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Signaling(Uri http, string token) => $"ws://{http.Authority}/media/ws?token={token}";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
