using System.Net;
using Together.MediaNode.Transport.Ice;
using Together.MediaNode.Transport.Stun;

namespace Together.Tests.Media.Transport;

public sealed class IceLiteAgentTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly IceEndpoint Browser = IceEndpoint.Udp(IPEndPoint.Parse("192.0.2.10:50000"));
    private static readonly IceEndpoint OtherPath = IceEndpoint.Udp(IPEndPoint.Parse("[2001:db8::10]:50001"));

    private readonly IceCredentials _node = IceCredentials.Generate();
    private readonly IceCredentials _browser = IceCredentials.Generate();
    private readonly byte[] _response = new byte[StunConstants.MaxBuiltMessageLength];

    [Fact]
    public void Generated_credentials_meet_rfc8839()
    {
        var credentials = IceCredentials.Generate();

        Assert.True(credentials.Ufrag.Length >= 4);
        Assert.True(credentials.Password.Length >= 22);
        Assert.Matches("^[A-Za-z0-9+/]+$", credentials.Ufrag + credentials.Password);
        Assert.NotEqual(credentials.Password, IceCredentials.Generate().Password);
        Assert.Throws<ArgumentException>(() => new IceCredentials("abc", "x".PadRight(22, 'x')));
        Assert.Throws<ArgumentException>(() => new IceCredentials("abcd", "bad-char".PadRight(22, 'x')));
    }

    [Fact]
    public void Valid_check_is_answered_with_authentic_mapped_address_and_validates_the_source()
    {
        var agent = new IceLiteAgent(Start, _node, _browser.Ufrag);

        var outcome = agent.HandleStun(Start, Browser, Check(useCandidate: false), _response, out int length);

        Assert.Equal(IceCheckOutcome.SelectedEndpointChanged, outcome);
        Assert.True(StunMessage.TryParse(_response.AsSpan(0, length), out var reply));
        Assert.Equal(StunMessageType.BindingSuccessResponse, reply.Type);
        Assert.True(reply.VerifyMessageIntegrity(_node.PasswordBytes));
        Assert.True(reply.VerifyFingerprint());
        Assert.True(reply.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(Browser.Address, mapped);
        Assert.True(agent.IsValidated(Browser));
        Assert.False(agent.IsValidated(OtherPath));
        Assert.Equal(Browser, agent.SelectedEndpoint);
        Assert.False(agent.IsNominated);
    }

    [Fact]
    public void Use_candidate_nominates_and_a_later_one_renominates()
    {
        var agent = new IceLiteAgent(Start, _node, _browser.Ufrag);
        agent.HandleStun(Start, Browser, Check(useCandidate: false), _response, out _);
        Assert.Equal(IceCheckOutcome.Answered,
            agent.HandleStun(Start, OtherPath, Check(useCandidate: false), _response, out _));
        Assert.Equal(Browser, agent.SelectedEndpoint);

        Assert.Equal(IceCheckOutcome.SelectedEndpointChanged,
            agent.HandleStun(Start, OtherPath, Check(useCandidate: true), _response, out _));
        Assert.True(agent.IsNominated);
        Assert.Equal(OtherPath, agent.SelectedEndpoint);

        Assert.Equal(IceCheckOutcome.Answered,
            agent.HandleStun(Start, OtherPath, Check(useCandidate: true), _response, out _));
        Assert.Equal(IceCheckOutcome.SelectedEndpointChanged,
            agent.HandleStun(Start, Browser, Check(useCandidate: true), _response, out _));
        Assert.Equal(Browser, agent.SelectedEndpoint);
    }

    [Fact]
    public void Wrong_password_gets_401_and_validates_nothing()
    {
        var agent = new IceLiteAgent(Start, _node, _browser.Ufrag);
        var forged = Check(useCandidate: true, password: IceCredentials.Generate().PasswordBytes);

        Assert.Equal(IceCheckOutcome.Rejected, agent.HandleStun(Start, Browser, forged, _response, out int length));

        Assert.True(StunMessage.TryParse(_response.AsSpan(0, length), out var reply));
        Assert.Equal(401, reply.ErrorCode);
        Assert.False(agent.IsValidated(Browser));
        Assert.Null(agent.SelectedEndpoint);
    }

    [Theory]
    [InlineData("wrongufrag:{remote}")]
    [InlineData("{local}:otherremote")]
    [InlineData("{local}")]
    [InlineData("{local}:")]
    public void Wrong_username_gets_401(string pattern)
    {
        var agent = new IceLiteAgent(Start, _node, _browser.Ufrag);
        var username = pattern.Replace("{local}", _node.Ufrag).Replace("{remote}", _browser.Ufrag);

        var outcome = agent.HandleStun(Start, Browser, Check(useCandidate: true, username: username), _response, out _);

        Assert.Equal(IceCheckOutcome.Rejected, outcome);
        Assert.False(agent.IsValidated(Browser));
    }

    [Fact]
    public void Missing_priority_or_fingerprint_gets_400_and_a_bad_fingerprint_is_dropped_silently()
    {
        var agent = new IceLiteAgent(Start, _node, _browser.Ufrag);

        Assert.Equal(IceCheckOutcome.Rejected,
            agent.HandleStun(Start, Browser, Check(true, withPriority: false), _response, out int length));
        Assert.True(StunMessage.TryParse(_response.AsSpan(0, length), out var reply));
        Assert.Equal(400, reply.ErrorCode);

        Assert.Equal(IceCheckOutcome.Rejected,
            agent.HandleStun(Start, Browser, Check(true, withFingerprint: false), _response, out _));

        var corrupted = Check(useCandidate: true);
        corrupted[^1] ^= 0xFF;
        Assert.Equal(IceCheckOutcome.Dropped, agent.HandleStun(Start, Browser, corrupted, _response, out length));
        Assert.Equal(0, length);
        Assert.False(agent.IsValidated(Browser));
    }

    [Fact]
    public void Responses_and_garbage_are_dropped()
    {
        var agent = new IceLiteAgent(Start, _node, _browser.Ufrag);

        Assert.Equal(IceCheckOutcome.Dropped, agent.HandleStun(Start, Browser, Rfc5769Vectors.IPv4Response, _response, out _));
        Assert.Equal(IceCheckOutcome.Dropped, agent.HandleStun(Start, Browser, [0, 1, 2, 3], _response, out _));
    }

    [Fact]
    public void Consent_expires_30_seconds_after_the_last_valid_check_and_only_once()
    {
        var agent = new IceLiteAgent(Start, _node, _browser.Ufrag);
        agent.HandleStun(Start, Browser, Check(useCandidate: true), _response, out _);
        agent.HandleStun(Start.AddSeconds(20), Browser, Check(useCandidate: false), _response, out _);
        // A forged check does not refresh consent.
        agent.HandleStun(Start.AddSeconds(40), Browser, Check(true, password: _browser.PasswordBytes), _response, out _);

        Assert.Equal(Start.AddSeconds(50), agent.NextDeadline);
        Assert.False(agent.HandleTimeout(Start.AddSeconds(49.999)));
        Assert.True(agent.HandleTimeout(Start.AddSeconds(50)));
        Assert.False(agent.HandleTimeout(Start.AddSeconds(51)));
        Assert.True(agent.IsConsentExpired);
        Assert.Null(agent.SelectedEndpoint);
        Assert.False(agent.IsValidated(Browser));
        Assert.Equal(IceCheckOutcome.Dropped,
            agent.HandleStun(Start.AddSeconds(52), Browser, Check(useCandidate: true), _response, out _));
    }

    [Fact]
    public void A_peer_that_never_checks_expires_30_seconds_after_creation()
    {
        var agent = new IceLiteAgent(Start, _node, _browser.Ufrag);

        Assert.True(agent.HandleTimeout(Start.AddSeconds(30)));
    }

    [Fact]
    public void Tcp_and_udp_endpoints_with_the_same_address_are_distinct_paths()
    {
        var agent = new IceLiteAgent(Start, _node, _browser.Ufrag);
        var tcp = IceEndpoint.Tcp(Browser.Address);

        agent.HandleStun(Start, tcp, Check(useCandidate: true), _response, out _);

        Assert.True(agent.IsValidated(tcp));
        Assert.False(agent.IsValidated(Browser));
        Assert.Equal(TransportProtocol.Tcp, agent.SelectedEndpoint?.Protocol);
    }

    [Fact]
    public void Controlling_agent_and_lite_agent_connect_over_an_in_memory_path()
    {
        var client = new IceControllingAgent(_browser, _node, IceEndpoint.Udp(IPEndPoint.Parse("198.51.100.1:3478")), 0x6e0001ff);
        var lite = new IceLiteAgent(Start, _node, _browser.Ufrag);
        var transmit = new byte[StunConstants.MaxBuiltMessageLength];

        int requestLength = client.Start(Start, transmit);
        var outcome = lite.HandleStun(Start, Browser, transmit.AsSpan(0, requestLength), _response, out int responseLength);
        bool accepted = client.HandleResponse(Start.AddMilliseconds(1), _response.AsSpan(0, responseLength));

        Assert.Equal(IceCheckOutcome.SelectedEndpointChanged, outcome);
        Assert.True(lite.IsNominated);
        Assert.True(accepted);
        Assert.Equal(IceControllingState.Connected, client.State);
        Assert.Equal(Browser.Address, client.MappedAddress);
    }

    private byte[] Check(bool useCandidate, byte[]? password = null, string? username = null,
        bool withPriority = true, bool withFingerprint = true)
    {
        var buffer = new byte[StunConstants.MaxBuiltMessageLength];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, StunTransactionId.NewRandom());
        writer.AddUsername(username ?? $"{_node.Ufrag}:{_browser.Ufrag}");
        if (withPriority)
        {
            writer.AddPriority(1853824767);
        }

        writer.AddIceControlling(42);
        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(password ?? _node.PasswordBytes);
        if (withFingerprint)
        {
            writer.AddFingerprint();
        }

        return buffer.AsSpan(0, writer.Length).ToArray();
    }
}
