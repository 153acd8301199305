using Microsoft.Extensions.Time.Testing;
using Together.MediaNode.Signaling;

namespace Together.Tests.Media.Signaling;

public sealed class VoiceTokenVerifierTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly VoiceTokenIssuer _tokens;
    private readonly VoiceTokenVerifier _verifier;

    public VoiceTokenVerifierTests()
    {
        _tokens = VoiceTokenIssuer.WithNewKey(_time);
        _verifier = new VoiceTokenVerifier(_tokens.PublicKeyPem, _time);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_issued_token_verifies_with_its_claims(bool canSpeak)
    {
        var token = _tokens.Issue("user-1", "room-9", canSpeak, TimeSpan.FromSeconds(45));

        Assert.True(_verifier.TryVerify(token, out var claims, out _));
        Assert.Equal("user-1", claims!.UserId);
        Assert.Equal("room-9", claims.RoomId);
        Assert.Equal(canSpeak, claims.CanSpeak);
        Assert.Equal(32, claims.TokenId.Length);
        Assert.Equal(_time.GetUtcNow().AddSeconds(45).ToUnixTimeSeconds(), claims.ExpiresAt.ToUnixTimeSeconds());
    }

    [Fact]
    public void Each_issued_token_has_its_own_id()
    {
        Assert.True(_verifier.TryVerify(_tokens.Issue("user-1", "room-9"), out var first, out _));
        Assert.True(_verifier.TryVerify(_tokens.Issue("user-1", "room-9"), out var second, out _));

        Assert.NotEqual(first!.TokenId, second!.TokenId);
    }

    [Fact]
    public void A_token_issued_for_the_longest_lifetime_verifies_until_it_expires()
    {
        var token = _tokens.Issue("user-1", "room-9", lifetime: VoiceTokenVerifier.MaxLifetime);
        _time.Advance(VoiceTokenVerifier.MaxLifetime + VoiceTokenVerifier.ClockSkew);

        Assert.False(_verifier.TryVerify(token, out _, out var rejection));
        Assert.Equal("token expired", rejection!.Reason);
    }

    [Theory]
    [InlineData(61)]
    [InlineData(0)]
    [InlineData(-5)]
    public void The_issuer_refuses_a_lifetime_outside_the_contract(int seconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => _tokens.Issue("user-1", "room-9", lifetime: TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void The_issuer_refuses_a_key_that_is_not_P256()
    {
        using var p384 = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384);

        Assert.Throws<ArgumentException>(() => new VoiceTokenIssuer(p384.ExportPkcs8PrivateKeyPem(), _time));
    }

    [Fact]
    public void A_token_is_accepted_only_once()
    {
        var token = _tokens.Issue("user-1", "room-9");

        Assert.True(_verifier.TryVerify(token, out _, out _));
        Assert.False(_verifier.TryVerify(token, out _, out var rejection));
        Assert.Equal("token already used", rejection!.Reason);
    }

    [Fact]
    public void An_expired_token_is_refused()
    {
        var token = _tokens.Issue("user-1", "room-9", lifetime: TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.False(_verifier.TryVerify(token, out _, out var rejection));
        Assert.Equal("token expired", rejection!.Reason);
    }

    [Fact]
    public void A_token_living_longer_than_a_minute_is_refused()
    {
        var token = _tokens.Forge("user-1", "room-9", expires: _time.GetUtcNow().AddSeconds(61) + VoiceTokenVerifier.ClockSkew);

        Assert.False(_verifier.TryVerify(token, out _, out var rejection));
        Assert.Equal("token lifetime too long", rejection!.Reason);
    }

    [Fact]
    public void A_token_signed_by_another_key_is_refused()
    {
        using var stranger = VoiceTokenIssuer.WithNewKey(_time);
        var token = stranger.Issue("user-1", "room-9");

        Assert.False(_verifier.TryVerify(token, out _, out var rejection));
        Assert.Equal("bad signature", rejection!.Reason);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("es256")]
    [InlineData("ES384")]
    public void Only_ES256_is_accepted(string algorithm)
    {
        var token = _tokens.Forge("user-1", "room-9", _time.GetUtcNow().AddSeconds(30), algorithm);

        Assert.False(_verifier.TryVerify(token, out _, out var rejection));
        Assert.Equal("unsupported token algorithm", rejection!.Reason);
    }

    [Fact]
    public void A_tampered_payload_is_refused()
    {
        var token = _tokens.Issue("user-1", "room-9");
        var parts = token.Split('.');
        var other = _tokens.Issue("admin", "room-9").Split('.');

        Assert.False(_verifier.TryVerify($"{parts[0]}.{other[1]}.{parts[2]}", out _, out var rejection));
        Assert.Equal("bad signature", rejection!.Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("!!.??.**")]
    [InlineData("e30.e30.e30")]
    public void Garbage_is_refused_without_throwing(string? token)
    {
        Assert.False(_verifier.TryVerify(token, out var claims, out var rejection));
        Assert.Null(claims);
        Assert.NotNull(rejection);
    }

    [Fact]
    public void Claims_of_the_wrong_type_are_refused()
    {
        var token = _tokens.SignRaw(
            new { alg = "ES256" },
            new { sub = 42, room = "r", speak = "yes", jti = "j", exp = _time.GetUtcNow().AddSeconds(30).ToUnixTimeSeconds() });

        Assert.False(_verifier.TryVerify(token, out _, out var rejection));
        Assert.Equal("malformed claims", rejection!.Reason);
    }

    [Fact]
    public void A_signature_in_DER_form_is_refused()
    {
        var token = _tokens.Issue("user-1", "room-9");
        var parts = token.Split('.');
        var der = System.Buffers.Text.Base64Url.EncodeToString(new byte[72]);

        Assert.False(_verifier.TryVerify($"{parts[0]}.{parts[1]}.{der}", out _, out var rejection));
        Assert.Equal("bad signature", rejection!.Reason);
    }

    public void Dispose()
    {
        _verifier.Dispose();
        _tokens.Dispose();
    }
}
