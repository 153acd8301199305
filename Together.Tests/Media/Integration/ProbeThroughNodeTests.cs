using System.Net.Http.Json;
using System.Text.Json;

namespace Together.Tests.Media.Integration;

/// <summary>Probe ↔ node ↔ probe: the node's own stack in client roles, real UDP on loopback, no browser.</summary>
public sealed class ProbeThroughNodeTests : NodeWithProbesTest
{
    [Fact]
    public async Task Two_probes_hear_each_others_tone_without_loss_and_quickly()
    {
        var alice = await Probes.JoinAsync("alice", toneHz: 440);
        var bob = await Probes.JoinAsync("bob", toneHz: 660);

        var atBob = await ProbeSession.WaitForAudioAsync(bob, "alice", 100);
        var atAlice = await ProbeSession.WaitForAudioAsync(alice, "bob", 100);

        Assert.Equal(0, atBob.Lost);
        Assert.Equal(0, atAlice.Lost);
        Assert.True(atBob.Rms > 0.1, $"decoded level {atBob.Rms}");
        var latencies = atBob.LatenciesMilliseconds.Order().ToArray();
        Assert.True(latencies.Length > 50, $"{latencies.Length} latency samples");
        Assert.True(latencies[latencies.Length / 2] < 20, $"median one-way latency {latencies[latencies.Length / 2]} ms");
    }

    [Fact]
    public async Task Five_probes_each_hear_the_four_others()
    {
        var users = new[] { "u1", "u2", "u3", "u4", "u5" };
        var probes = new List<Together.MediaNode.Probe.ProbeParticipant>();
        for (var i = 0; i < users.Length; i++)
        {
            probes.Add(await Probes.JoinAsync(users[i], toneHz: 300 + (100 * i)));
        }

        for (var i = 0; i < users.Length; i++)
        {
            foreach (var other in users.Where(u => u != users[i]))
            {
                var stream = await ProbeSession.WaitForAudioAsync(probes[i], other, 50);
                Assert.Equal(0, stream.Lost);
            }

            Assert.Equal(4, probes[i].UserByMid.Count);
        }
    }

    [Fact]
    public async Task Mute_stops_forwarding_and_unmute_resumes_without_a_false_gap()
    {
        var alice = await Probes.JoinAsync("alice");
        var bob = await Probes.JoinAsync("bob", toneHz: null);
        var stream = await ProbeSession.WaitForAudioAsync(bob, "alice", 25);

        await alice.MuteAsync(true);
        await Task.Delay(300);
        var atMute = stream.Packets;
        await Task.Delay(1000);
        Assert.InRange(stream.Packets - atMute, 0, 2);

        await alice.MuteAsync(false);
        await ProbeSession.WaitForAudioAsync(bob, "alice", atMute + 50);
        Assert.Equal(0, stream.Lost);
    }

    [Fact]
    public async Task Deafen_stops_delivery_to_that_probe_only()
    {
        var alice = await Probes.JoinAsync("alice");
        var bob = await Probes.JoinAsync("bob");
        var carol = await Probes.JoinAsync("carol");
        var atBob = await ProbeSession.WaitForAudioAsync(bob, "alice", 25);
        var atCarol = await ProbeSession.WaitForAudioAsync(carol, "alice", 25);

        await bob.DeafenAsync(true);
        await Task.Delay(300);
        var bobBefore = atBob.Packets;
        var carolBefore = atCarol.Packets;
        await Task.Delay(1000);

        Assert.InRange(atBob.Packets - bobBefore, 0, 2);
        Assert.True(atCarol.Packets - carolBefore >= 20, $"carol got {atCarol.Packets - carolBefore} packets in 1 s");
        _ = alice;
    }

    [Fact]
    public async Task A_leaving_probe_is_no_longer_listed_and_its_mline_is_reused()
    {
        var alice = await Probes.JoinAsync("alice");
        var bob = await Probes.JoinAsync("bob");
        await ProbeSession.WaitForAudioAsync(alice, "bob", 10);
        var bobMid = alice.UserByMid.Single(p => p.Value == "bob").Key;

        await Probes.LeaveAndDisposeAsync(bob);
        var carol = await Probes.JoinAsync("carol");

        var fromCarol = await ProbeSession.WaitForAudioAsync(alice, "carol", 25);
        Assert.Equal(bobMid, fromCarol.Mid);
        Assert.DoesNotContain("bob", alice.UserByMid.Values);
        _ = carol;
    }

    [Fact]
    public async Task A_publisher_that_reconnects_is_heard_again_on_a_fresh_session()
    {
        var alice = await Probes.JoinAsync("alice");
        var bob = await Probes.JoinAsync("bob", toneHz: null);
        await ProbeSession.WaitForAudioAsync(bob, "alice", 25);

        await alice.DisposeAsync();
        var again = await Probes.JoinAsync("alice", toneHz: 550);

        var stream = await ProbeSession.WaitForAudioAsync(bob, "alice", 50);
        Assert.Equal(0, stream.Lost);
        using var control = Node.CreateControlClient();
        var room = await control.GetFromJsonAsync<JsonElement>(new Uri("/media/control/rooms/voice-1", UriKind.Relative));
        Assert.Equal(2, room.GetProperty("participants").GetArrayLength());
        _ = again;
    }
}
