using Microsoft.Extensions.Configuration;
using Together.Api.Features.Voice;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api.Voice;

/// <summary>
/// The doctor (<c>Together.Api doctor</c>) against a running merged server and a real coturn: it passes when voice
/// works, and names the broken piece and its fix when the announced address or the TURN secret is wrong.
/// </summary>
public sealed class VoiceDoctorTests
{
    [Fact]
    public async Task A_working_installation_passes_the_node_probe_and_the_TURN_allocation()
    {
        await using var turn = await CoturnServer.StartAsync();
        await using var api = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite);

        var (exit, output) = await RunDoctorAsync(api, turn.Url, turn.SharedSecret);

        Assert.True(exit == 0, output);
        Assert.Contains("ok   ICE + DTLS", output, StringComparison.Ordinal);
        Assert.Contains($"ok   turn: {turn.Url} accepted the credential", output, StringComparison.Ordinal);
        Assert.Contains("Media:PublicAddress is not set", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_public_address_and_a_wrong_TURN_secret_each_fail_with_their_fix()
    {
        await using var turn = await CoturnServer.StartAsync();
        await using var api = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?>
        {
            ["Media:PublicAddress"] = "192.0.2.1",
        });

        var (exit, output) = await RunDoctorAsync(api, turn.Url, "not the secret coturn has", publicAddress: "192.0.2.1");

        Assert.Equal(1, exit);
        Assert.Contains("FAIL ice", output, StringComparison.Ordinal);
        Assert.Contains("set Media:PublicAddress", output, StringComparison.Ordinal);
        Assert.Contains("FAIL turn", output, StringComparison.Ordinal);
        Assert.Contains("Turn:SharedSecret differs from coturn's static-auth-secret", output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> RunDoctorAsync(
        TogetherApiHost api, string turnUrl, string secret, string? publicAddress = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Together:DataDirectory"] = api.DataDirectory,
            ["Turn:Urls"] = turnUrl,
            ["Turn:SharedSecret"] = secret,
            ["Media:PublicAddress"] = publicAddress,
        }).Build();
        using var output = new StringWriter();
        var exit = await new VoiceDoctor(configuration, api.DataDirectory, output).RunAsync(api.BaseAddress, TimeSpan.FromSeconds(5), CancellationToken.None);
        return (exit, output.ToString());
    }
}
