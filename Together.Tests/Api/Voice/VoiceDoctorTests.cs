using System.Net;
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
        // The doctor takes no second token: the probe command's hint about one does not belong in its output.
        Assert.DoesNotContain("--peer-token", output, StringComparison.Ordinal);
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

    [Fact]
    public async Task The_admin_route_runs_the_same_checks_for_administrators_and_refuses_everyone_else()
    {
        await using var api = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?>
        {
            ["Media:PublicAddress"] = "192.0.2.1",
        });
        var admin = await api.RegisterAsync(); // the first account administers the instance
        var user = await api.RegisterAsync();

        using (var anonymous = api.CreateClient())
        {
            using var response = await anonymous.PostAsync("/api/admin/voice-doctor", null);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using (var client = api.ClientFor(user.AccessToken))
        {
            using var response = await client.PostAsync("/api/admin/voice-doctor", null);
            await response.AssertProblemAsync(HttpStatusCode.Forbidden, "admin_only");
        }

        // The announced address is unreachable: the route reports the doctor's failure and its fix, as the CLI prints it.
        using (var client = api.ClientFor(admin.AccessToken))
        {
            using var response = await client.PostAsync("/api/admin/voice-doctor", null);
            var report = await response.ReadAsync<VoiceDoctorReport>(HttpStatusCode.OK);
            Assert.False(report.Passed, report.Output);
            Assert.Contains("info media: the node announces Media:PublicAddress = 192.0.2.1", report.Output, StringComparison.Ordinal);
            Assert.Contains("FAIL ice", report.Output, StringComparison.Ordinal);
            Assert.Contains("set Media:PublicAddress", report.Output, StringComparison.Ordinal);
            Assert.Contains("info turn: no TURN server", report.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_admin_route_passes_on_a_working_installation()
    {
        await using var api = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite);
        var admin = await api.RegisterAsync();
        using var client = api.ClientFor(admin.AccessToken);
        using var response = await client.PostAsync("/api/admin/voice-doctor", null);
        var report = await response.ReadAsync<VoiceDoctorReport>(HttpStatusCode.OK);
        Assert.True(report.Passed, report.Output);
        Assert.Contains("ok   ICE + DTLS", report.Output, StringComparison.Ordinal);
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
