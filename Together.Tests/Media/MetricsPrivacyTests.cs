using Microsoft.Extensions.DependencyInjection;
using Together.MediaNode;
using Together.Tests.Media.Transport;
using Together.Tests.Media.Transport.Sdp;

namespace Together.Tests.Media;

/// <summary>/metrics may be served on the public port: it must not say who is in which voice room.</summary>
public sealed class MetricsPrivacyTests
{
    [Fact]
    public async Task No_metric_label_names_a_participant_or_their_room()
    {
        await using var node = await MediaNodeTestHost.StartAsync();
        using var meter = new MeterReader(node.Services.GetRequiredService<MediaNodeMetrics>().Meter);
        string[] users = ["user-4417-alice", "user-9023-bob"];
        const string room = "room-5511-secret";
        var clients = new List<SignalingClient>();
        try
        {
            foreach (var user in users)
            {
                var client = await SignalingClient.ConnectAsync(node.SignalingUri(node.Tokens.Issue(user, room)));
                clients.Add(client);
                await client.SendAsync("offer", new { sdp = SdpTestData.Read("chromium-offer.sdp") });
                await client.ReceiveOpAsync("answer");
            }

            await Eventually.TrueAsync(() => node.Rooms.ParticipantCount == 2, TimeSpan.FromSeconds(5), "both joined");
            await Task.Delay(TimeSpan.FromSeconds(1.2)); // one RTCP report interval: the per-participant samples ran

            var tags = meter.Tags;
            Assert.True(meter.Count("together.media.participants") > 0, "the aggregate gauges are still observed");
            Assert.Contains(tags, t => t.Key == "packet"); // the scan does see tags where the node sets them
            Assert.DoesNotContain(tags, t => t.Value is { } value
                && (users.Any(u => value.Contains(u, StringComparison.Ordinal)) || value.Contains(room, StringComparison.Ordinal)));
            Assert.DoesNotContain(tags, t => t.Key is "user" or "room");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }
}
