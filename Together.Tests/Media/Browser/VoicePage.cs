using System.Text.Json;
using Microsoft.Playwright;

namespace Together.Tests.Media.Browser;

/// <summary>One Chromium page running the test voice client (wwwroot/voice-client.js) against a media node.</summary>
public sealed class VoicePage(IPage page, string userId) : IAsyncDisposable
{
    /// <summary>A tone, not just comfort noise: inbound-rtp.audioLevel (0..1) refreshes every ~100 ms, so wait for it.</summary>
    public const double AudibleLevel = 0.01;

    public string UserId { get; } = userId;

    public IPage Page { get; } = page;

    public static async Task<VoicePage> OpenAsync(IBrowser browser, Uri pageUrl, string userId)
    {
        var page = await browser.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add(message.Text);
        await page.GotoAsync(pageUrl.ToString());
        await page.WaitForFunctionAsync("() => window.voice !== undefined", null, new() { Timeout = 10_000 });
        return new VoicePage(page, userId);
    }

    public Task JoinAsync(Uri signalingUrl, int toneHz) =>
        Page.EvaluateAsync("([url, hz]) => window.voice.join(url, hz)", new object[] { signalingUrl.ToString(), toneHz });

    /// <summary>Joins with extra RTCPeerConnection configuration (serialised to JSON: iceServers, iceTransportPolicy).</summary>
    public Task JoinAsync(Uri signalingUrl, int toneHz, object rtcConfig) =>
        Page.EvaluateAsync("([url, hz, config]) => window.voice.join(url, hz, undefined, config)",
            new object[] { signalingUrl.ToString(), toneHz, rtcConfig });

    /// <summary>The selected candidate pair's local candidate type ("host", "relay"…), or null before one is selected.</summary>
    public async Task<string?> SelectedLocalCandidateTypeAsync() =>
        await Page.EvaluateAsync<string?>("async () => (await window.voice.selectedPair())?.local ?? null");

    public Task MuteAsync(bool muted) => Page.EvaluateAsync("m => window.voice.mute(m)", muted);

    public Task DeafenAsync(bool deafened) => Page.EvaluateAsync("d => window.voice.deafen(d)", deafened);

    /// <summary>createOffer() again mid-call; the node's reply: "answer", or the error code it declined with.</summary>
    public Task<string> RenegotiateAsync(bool restartIce) =>
        Page.EvaluateAsync<string>("r => window.voice.renegotiate(r)", restartIce);

    public Task<string> SignalingStateAsync() => Page.EvaluateAsync<string>("() => window.voice.pc.signalingState");

    public Task LeaveAsync() => Page.EvaluateAsync("() => window.voice.leave()");

    public async Task<IReadOnlyDictionary<string, InboundAudio>> InboundAsync()
    {
        var text = await Page.EvaluateAsync<string>("async () => JSON.stringify(await window.voice.inbound())");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.EnumerateObject().ToDictionary(
            p => p.Name,
            p => new InboundAudio(
                p.Value.GetProperty("mid").GetString()!,
                p.Value.GetProperty("packetsReceived").GetInt64(),
                p.Value.GetProperty("packetsLost").GetInt64(),
                p.Value.GetProperty("audioLevel").GetDouble(),
                p.Value.GetProperty("jitter").GetDouble()));
    }

    public Task<string> ErrorsAsync() => Page.EvaluateAsync<string>("() => JSON.stringify(window.voice.errors)");

    /// <summary>Waits until this page receives <paramref name="from"/>'s audio with at least the given packets.</summary>
    public async Task<InboundAudio> WaitForAudioFromAsync(string from, long minimumPackets, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        InboundAudio? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if ((await InboundAsync()).TryGetValue(from, out var audio))
            {
                last = audio;
                if (audio.PacketsReceived >= minimumPackets && audio.AudioLevel > AudibleLevel)
                {
                    return audio;
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException(
            $"{UserId} did not hear {from}: last {last?.ToString() ?? "no stream"}; page errors {await ErrorsAsync()}");
    }

    public Task<string> RemoteInboundAsync() => Page.EvaluateAsync<string>("async () => JSON.stringify(await window.voice.remoteInbound())");

    public Task<bool> IsSpeakingAsync(string userId) => Page.EvaluateAsync<bool>("u => window.voice.speaking[u] === true", userId);

    public async Task<long> PacketsFromAsync(string from) =>
        (await InboundAsync()).TryGetValue(from, out var audio) ? audio.PacketsReceived : 0;

    public async ValueTask DisposeAsync() => await Page.CloseAsync();
}

public sealed record InboundAudio(string Mid, long PacketsReceived, long PacketsLost, double AudioLevel, double Jitter);
