using Microsoft.Extensions.Time.Testing;
using Together.MediaNode.Signaling;

namespace Together.Tests.Media.Signaling;

public sealed class VoiceTokenVerifierTests : IDisposable
{
    private readonly TestVoiceTokens _tokens = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly VoiceTokenVerifier _verifier;

    public VoiceTokenVerifierTests() => _verifier = new VoiceTokenVerifier(_tokens.PublicKeyPem, _time);

    [Fact]
    public void A_valid_token_yields_its_claims()
    {
        var token = _tokens.Mint("user-1", "room-9", canSpeak: false, tokenId: "abc", now: _time.GetUtcNow());

        Assert.True(_verifier.TryVerify(token, out var claims, out _));
        Assert.Equal("user-1", claims!.UserId);
        Assert.Equal("room-9", claims.RoomId);
        Assert.False(claims.CanSpeak);
        Assert.Equal("abc", claims.TokenId);
    }

    [Fact]
    public void A_token_is_accepted_only_once()
    {
        var token = _tokens.Mint("user-1", "room-9", now: _time.GetUtcNow());

        Assert.True(_verifier.TryVerify(token, out _, out _));
        Assert.False(_verifier.TryVerify(token, out _, out var rejection));
        Assert.Equal("token already used", rejection!.Reason);
    }

    [Fact]
    public void An_expired_token_is_refused()
    {
        var token = _tokens.Mint("user-1", "room-9", lifetime: TimeSpan.FromSeconds(10), now: _time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.False(_verifier.TryVerify(token, out _, out var rejection));
        Assert.Equal("token expired", rejection!.Reason);
    }

    [Fact]
    public void A_token_living_longer_than_a_minute_is_refused()
    {
        var token = _tokens.Mint("user-1", "room-9", lifetime: TimeSpan.FromMinutes(10), now: _time.GetUtcNow());

        Assert.False(_verifier.TryVerify(token, out _, out var rejection));
        Assert.Equal("token lifetime too long", rejection!.Reason);
    }

    [Fact]
    public void A_token_signed_by_another_key_is_refused()
    {
        using var stranger = new TestVoiceTokens();
        var token = stranger.Mint("user-1", "room-9", now: _time.GetUtcNow());

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
        var token = _tokens.Mint("user-1", "room-9", now: _time.GetUtcNow(), algorithm: algorithm);

        Assert.False(_verifier.TryVerify(token, out _, out var rejection));
        Assert.Equal("unsupported token algorithm", rejection!.Reason);
    }

    [Fact]
    public void A_tampered_payload_is_refused()
    {
        var token = _tokens.Mint("user-1", "room-9", now: _time.GetUtcNow());
        var parts = token.Split('.');
        var other = _tokens.Mint("admin", "room-9", now: _time.GetUtcNow()).Split('.');

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
        var token = _tokens.MintRaw(
            new { alg = "ES256" },
            new { sub = 42, room = "r", speak = "yes", jti = "j", exp = _time.GetUtcNow().AddSeconds(30).ToUnixTimeSeconds() });

        Assert.False(_verifier.TryVerify(token, out _, out var rejection));
        Assert.Equal("malformed claims", rejection!.Reason);
    }

    [Fact]
    public void A_signature_in_DER_form_is_refused()
    {
        var token = _tokens.Mint("user-1", "room-9", now: _time.GetUtcNow());
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
