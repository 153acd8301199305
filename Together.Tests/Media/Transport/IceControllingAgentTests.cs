using System.Net;
using Together.MediaNode.Transport.Ice;
using Together.MediaNode.Transport.Stun;

namespace Together.Tests.Media.Transport;

public sealed class IceControllingAgentTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly IceEndpoint Node = IceEndpoint.Udp(IPEndPoint.Parse("198.51.100.1:3478"));
    private static readonly IceEndpoint Probe = IceEndpoint.Udp(IPEndPoint.Parse("192.0.2.10:50000"));

    private readonly IceCredentials _probe = IceCredentials.Generate();
    private readonly IceCredentials _node = IceCredentials.Generate();
    private readonly byte[] _transmit = new byte[StunConstants.MaxBuiltMessageLength];
    private readonly byte[] _response = new byte[StunConstants.MaxBuiltMessageLength];

    [Fact]
    public void Unanswered_check_is_retransmitted_on_the_rfc8489_schedule_then_fails()
    {
        var agent = new IceControllingAgent(_probe, _node, Node, 100);
        agent.Start(Start, _transmit);
        var sentAt = new List<double> { 0 };

        while (agent.NextDeadline is { } deadline)
        {
            if (agent.HandleTimeout(deadline, _transmit) > 0)
            {
                sentAt.Add((deadline - Start).TotalMilliseconds);
            }
            else
            {
                Assert.Equal(IceControllingState.Failed, agent.State);
                Assert.Equal(39_500, (deadline - Start).TotalMilliseconds);
            }
        }

        Assert.Equal([0, 500, 1500, 3500, 7500, 15500, 31500], sentAt);
        Assert.Equal(7, agent.RequestsSent);
        Assert.Equal(IceControllingState.Failed, agent.State);
    }

    [Fact]
    public void Retransmissions_carry_the_same_transaction_so_a_late_answer_still_connects()
    {
        var agent = new IceControllingAgent(_probe, _node, Node, 100);
        var lite = new IceLiteAgent(Start, _node, _probe.Ufrag);
        int first = agent.Start(Start, _transmit);
        Assert.True(StunMessage.TryParse(_transmit.AsSpan(0, first), out var firstRequest));
        var firstId = firstRequest.TransactionId;

        int again = agent.HandleTimeout(Start.AddMilliseconds(500), _transmit);
        Assert.True(StunMessage.TryParse(_transmit.AsSpan(0, again), out var retransmission));
        Assert.Equal(firstId, retransmission.TransactionId);
        Assert.True(retransmission.UseCandidate);
        Assert.NotNull(retransmission.IceControlling);

        lite.HandleStun(Start, Probe, _transmit.AsSpan(0, again), _response, out int length);
        Assert.True(agent.HandleResponse(Start.AddMilliseconds(600), _response.AsSpan(0, length)));
        Assert.Equal(IceControllingState.Connected, agent.State);
    }

    [Fact]
    public void A_response_signed_with_the_wrong_password_is_ignored()
    {
        var agent = new IceControllingAgent(_probe, _node, Node, 100);
        var impostor = new IceLiteAgent(Start, new IceCredentials(_node.Ufrag, IceCredentials.Generate().Password), _probe.Ufrag);
        int length = agent.Start(Start, _transmit);

        // The impostor cannot verify our check (wrong pwd) and answers 401; a 401 ends the checks.
        impostor.HandleStun(Start, Probe, _transmit.AsSpan(0, length), _response, out int responseLength);
        Assert.True(StunMessage.TryParse(_response.AsSpan(0, responseLength), out var reply));
        Assert.Equal(401, reply.ErrorCode);
        Assert.True(agent.HandleResponse(Start, _response.AsSpan(0, responseLength)));
        Assert.Equal(IceControllingState.Failed, agent.State);
    }

    [Fact]
    public void Consent_is_refreshed_every_few_seconds_and_lost_30_seconds_after_the_last_answer()
    {
        var agent = new IceControllingAgent(_probe, _node, Node, 100);
        var lite = new IceLiteAgent(Start, _node, _probe.Ufrag);
        int length = agent.Start(Start, _transmit);
        lite.HandleStun(Start, Probe, _transmit.AsSpan(0, length), _response, out int responseLength);
        agent.HandleResponse(Start, _response.AsSpan(0, responseLength));

        var refreshes = new List<DateTimeOffset>();
        while (agent.NextDeadline is { } deadline)
        {
            if (agent.HandleTimeout(deadline, _transmit) > 0)
            {
                refreshes.Add(deadline);
            }
        }

        Assert.Equal(IceControllingState.ConsentExpired, agent.State);
        Assert.InRange(refreshes.Count, 5, 8);
        Assert.All(refreshes.Zip(refreshes.Skip(1)), pair =>
            Assert.InRange((pair.Second - pair.First).TotalSeconds, 4, 6));
        Assert.InRange((refreshes[^1] - Start).TotalSeconds, 24, 36);
    }
}
