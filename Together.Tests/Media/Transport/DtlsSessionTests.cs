using Together.MediaNode.Transport.Dtls;
using Together.MediaNode.Transport.Srtp;

namespace Together.Tests.Media.Transport;

/// <summary>
/// Real BouncyCastle handshakes between our server and client roles over an in-memory datagram pair. DTLS is the
/// one transport layer that keeps BouncyCastle's own clock, so the timeout and resend tests take real (short) time.
/// </summary>
public sealed class DtlsSessionTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly DtlsCertificate NodeCertificate = DtlsCertificate.Generate();
    private static readonly DtlsCertificate BrowserCertificate = DtlsCertificate.Generate();
    private static readonly DtlsOptions Fast = new()
    {
        HandshakeTimeout = TimeSpan.FromSeconds(5),
        HandshakeResend = TimeSpan.FromMilliseconds(100),
    };

    [Theory]
    [InlineData(new[] { SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm }, SrtpProfile.AeadAes128Gcm)]
    [InlineData(new[] { SrtpProfile.AesCm128HmacSha1_80 }, SrtpProfile.AesCm128HmacSha1_80)]
    [InlineData(new[] { SrtpProfile.AeadAes128Gcm }, SrtpProfile.AeadAes128Gcm)]
    public async Task Handshake_agrees_on_profile_and_both_sides_export_the_same_keys(SrtpProfile[] offered, SrtpProfile expected)
    {
        using var pair = new DtlsPair(NodeCertificate.Fingerprint, BrowserCertificate.Fingerprint, offered);

        var (server, client) = await pair.RunAsync();

        Assert.True(server.Succeeded, server.Failure);
        Assert.True(client.Succeeded, client.Failure);
        var serverKeys = server.KeyMaterial!;
        var clientKeys = client.KeyMaterial!;
        Assert.Equal(expected, serverKeys.Profile);
        Assert.Equal(expected, clientKeys.Profile);
        Assert.Equal(clientKeys.ClientMasterKey, serverKeys.ClientMasterKey);
        Assert.Equal(clientKeys.ServerMasterSalt, serverKeys.ServerMasterSalt);
        Assert.NotEqual(serverKeys.ClientMasterKey, serverKeys.ServerMasterKey);
        Assert.Equal(16, serverKeys.ClientMasterKey.Length);
        Assert.Equal(expected == SrtpProfile.AeadAes128Gcm ? 12 : 14, serverKeys.ClientMasterSalt.Length);
        Assert.Equal("DTLS 1.2", server.Summary.NegotiatedVersion);
        Assert.Equal(0xC02B, server.Summary.CipherSuite); // TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
        Assert.Equal(offered.Select(p => (int)p), server.Summary.OfferedSrtpProfiles);
    }

    [Fact]
    public async Task Client_certificate_that_does_not_match_the_sdp_fingerprint_is_refused()
    {
        var someoneElse = DtlsCertificate.Generate().Fingerprint;
        using var pair = new DtlsPair(NodeCertificate.Fingerprint, someoneElse, [SrtpProfile.AeadAes128Gcm]);

        var (server, client) = await pair.RunAsync();

        Assert.False(server.Succeeded);
        Assert.Contains("bad_certificate", server.Failure);
        Assert.False(client.Succeeded);
        Assert.Null(pair.Server.KeyMaterial);
    }

    [Fact]
    public async Task Server_certificate_that_does_not_match_is_refused_by_the_client()
    {
        var someoneElse = DtlsCertificate.Generate().Fingerprint;
        using var pair = new DtlsPair(someoneElse, BrowserCertificate.Fingerprint, [SrtpProfile.AeadAes128Gcm]);

        var (server, client) = await pair.RunAsync();

        Assert.False(client.Succeeded);
        Assert.False(server.Succeeded);
    }

    [Fact]
    public async Task Handshake_without_a_client_times_out()
    {
        using var gate = new DtlsHandshakeGate(4);
        var options = Fast with { HandshakeTimeout = TimeSpan.FromMilliseconds(400) };
        int sent = 0;
        using var server = DtlsSession.CreateServer(NodeCertificate, BrowserCertificate.Fingerprint, options, gate, _ => sent++);

        server.Start();
        var result = await server.Completion.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(result.Succeeded);
        Assert.Contains("Timeout", result.Failure, StringComparison.OrdinalIgnoreCase);
        Assert.InRange(result.Summary.Duration, TimeSpan.FromMilliseconds(350), TimeSpan.FromSeconds(3));
        Assert.Equal(0, sent);
        Assert.Equal(4, gate.Available);
    }

    [Fact]
    public async Task Lost_server_flights_are_resent_by_bouncycastle_and_the_handshake_still_completes()
    {
        using var pair = new DtlsPair(NodeCertificate.Fingerprint, BrowserCertificate.Fingerprint,
            [SrtpProfile.AeadAes128Gcm], dropFirstServerDatagrams: 2);

        var (server, client) = await pair.RunAsync();

        Assert.True(server.Succeeded, server.Failure);
        Assert.True(client.Succeeded, client.Failure);
        Assert.True(pair.ServerDatagramsDropped == 2);
    }

    [Fact]
    public async Task Handshakes_beyond_the_concurrency_cap_wait_then_fail_at_the_timeout()
    {
        using var gate = new DtlsHandshakeGate(1);
        Assert.True(await gate.EnterAsync(TimeSpan.Zero));
        var options = Fast with { HandshakeTimeout = TimeSpan.FromMilliseconds(200) };
        using var server = DtlsSession.CreateServer(NodeCertificate, BrowserCertificate.Fingerprint, options, gate, _ => { });

        server.Start();
        var result = await server.Completion.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(result.Succeeded);
        Assert.Contains("concurrent", result.Failure);
        gate.Exit();
    }

    [Fact]
    public async Task Close_notify_from_the_client_is_seen_by_the_server()
    {
        using var pair = new DtlsPair(NodeCertificate.Fingerprint, BrowserCertificate.Fingerprint, [SrtpProfile.AeadAes128Gcm]);
        var (server, _) = await pair.RunAsync();
        Assert.True(server.Succeeded, server.Failure);
        Assert.False(pair.Server.PeerClosed);

        pair.Client.Dispose();

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!pair.Server.PeerClosed && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(pair.Server.PeerClosed);
    }

    [Fact]
    public async Task Warmup_completes_an_in_process_handshake()
    {
        var first = await DtlsWarmup.RunAsync(NodeCertificate, Fast);
        var second = await DtlsWarmup.RunAsync(NodeCertificate, Fast);
        output.WriteLine($"in-process handshake incl. client key generation: first {first.TotalMilliseconds:F1} ms, then {second.TotalMilliseconds:F1} ms");

        Assert.InRange(first, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.InRange(second, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Fingerprint_is_uppercase_colon_hex_and_parses_back()
    {
        string sdp = NodeCertificate.Fingerprint.ToString();

        Assert.Matches("^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$", sdp);
        Assert.True(DtlsFingerprint.TryParse(sdp, out var parsed));
        Assert.True(parsed!.Matches(NodeCertificate.Der));
        Assert.False(parsed.Matches(BrowserCertificate.Der));
        Assert.False(DtlsFingerprint.TryParse("md5 AB:CD", out _));
        Assert.False(DtlsFingerprint.TryParse("sha-256 AB:CD", out _));
        Assert.False(DtlsFingerprint.TryParse(null, out _));
    }

    /// <summary>A server and a client session wired back to back, with optional loss of the server's first datagrams.</summary>
    private sealed class DtlsPair : IDisposable
    {
        private readonly DtlsHandshakeGate _gate = new(4);
        private int _dropRemaining;

        public DtlsPair(DtlsFingerprint serverSeenByClient, DtlsFingerprint clientSeenByServer, SrtpProfile[] offered,
            int dropFirstServerDatagrams = 0)
        {
            _dropRemaining = dropFirstServerDatagrams;
            Server = DtlsSession.CreateServer(NodeCertificate, clientSeenByServer, Fast, _gate, datagram =>
            {
                if (Interlocked.Decrement(ref _dropRemaining) >= 0)
                {
                    Interlocked.Increment(ref _dropped);
                    return;
                }

                Client!.Receive(datagram);
            });
            Client = DtlsSession.CreateClient(BrowserCertificate, serverSeenByClient, Fast, _gate, d => Server.Receive(d), offered);
        }

        private int _dropped;

        public int ServerDatagramsDropped => _dropped;

        public DtlsSession Server { get; }

        public DtlsSession Client { get; }

        public async Task<(DtlsHandshakeResult Server, DtlsHandshakeResult Client)> RunAsync()
        {
            Server.Start();
            Client.Start();
            var results = await Task.WhenAll(Server.Completion, Client.Completion).WaitAsync(TimeSpan.FromSeconds(15));
            return (results[0], results[1]);
        }

        public void Dispose()
        {
            Server.Dispose();
            Client.Dispose();
            _gate.Dispose();
        }
    }
}
