using Together.MediaNode.Probe;
using Together.MediaNode.Signaling;
using Xunit.Abstractions;

namespace Together.Tests.Media.Integration;

/// <summary>The operator's probe command against real nodes, healthy and misconfigured.</summary>
public sealed class ProbeCommandTests(ITestOutputHelper log)
{
    private async Task<(int ExitCode, string Output)> ProbeAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exitCode = await ProbeCommand.RunAsync(args, output);
        log.WriteLine(output.ToString());
        return (exitCode, output.ToString());
    }

    private static string Url(MediaNodeTestHost node) => node.SignalingUri("").GetLeftPart(UriPartial.Path);

    [Fact]
    public async Task With_two_tokens_it_measures_loss_jitter_and_latency_through_the_node()
    {
        await using var node = await MediaNodeTestHost.StartAsync();

        var (exitCode, output) = await ProbeAsync(
            Url(node), "--token", node.Tokens.Issue("probe-a", "r"), "--peer-token", node.Tokens.Issue("probe-b", "r"), "--seconds", "5");

        Assert.True(exitCode == 0, output);
        Assert.Contains("loss 0.0 %", output, StringComparison.Ordinal);
        Assert.Contains("latency through the node: p50", output, StringComparison.Ordinal);
        Assert.Contains("ok   speaking indicator", output, StringComparison.Ordinal);
        Assert.Contains("the node sees us as 127.0.0.1:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_one_token_it_checks_that_the_node_reports_on_our_audio()
    {
        await using var node = await MediaNodeTestHost.StartAsync();

        var (exitCode, output) = await ProbeAsync(Url(node), "--token", node.Tokens.Issue("probe-a", "r"), "--timeout", "5");

        Assert.True(exitCode == 0, output);
        Assert.Contains("RTCP from the node arrived", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_udp_address_is_diagnosed_with_the_fix()
    {
        await using var node = await MediaNodeTestHost.StartAsync(o => o.PublicAddress = "192.0.2.1");

        var (exitCode, output) = await ProbeAsync(Url(node), "--token", node.Tokens.Issue("probe-a", "r"), "--timeout", "2");

        Assert.Equal((int)ProbeStage.Ice + 1, exitCode);
        Assert.Contains("FAIL ice: no STUN answer from 192.0.2.1:", output, StringComparison.Ordinal);
        Assert.Contains("set Media:PublicAddress", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_token_is_diagnosed()
    {
        await using var node = await MediaNodeTestHost.StartAsync();
        using var stranger = VoiceTokenIssuer.WithNewKey();

        var (exitCode, output) = await ProbeAsync(Url(node), "--token", stranger.Issue("probe-a", "r"), "--timeout", "3");

        Assert.Equal((int)ProbeStage.Token + 1, exitCode);
        Assert.Contains("bad signature", output, StringComparison.Ordinal);
        Assert.Contains("Mint a fresh token", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_signalling_url_is_diagnosed()
    {
        var (exitCode, output) = await ProbeAsync("ws://127.0.0.1:9/media/ws", "--token", "x", "--timeout", "2");

        Assert.Equal((int)ProbeStage.Signaling + 1, exitCode);
        Assert.Contains("Is the node running", output, StringComparison.Ordinal);
    }
}
