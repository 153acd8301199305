using Microsoft.Extensions.Options;
using Together.MediaNode;
using Together.MediaNode.Signaling;

namespace Together.Tests.Media;

public sealed class MediaNodeOptionsTests
{
    [Theory]
    [InlineData(null, "127.0.0.1", "Media:TokenPublicKey is required")]
    [InlineData("not a pem", "127.0.0.1", "not a PEM SubjectPublicKeyInfo holding a P-256 key")]
    [InlineData("valid", "media.example.org", "Media:PublicAddress 'media.example.org' is not an IP address")]
    [InlineData("valid", "192.0.2.1, nope", "Media:PublicAddress 'nope' is not an IP address")]
    [InlineData("valid", " , ", "Media:PublicAddress names no address")]
    public async Task A_node_refuses_to_start_with_a_bad_configuration(string? key, string publicAddress, string expected)
    {
        using var tokens = VoiceTokenIssuer.WithNewKey();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var node = await MediaNodeTestHost.StartAsync(o =>
            {
                o.TokenPublicKey = key == "valid" ? tokens.PublicKeyPem : key;
                o.PublicAddress = publicAddress;
            });
        });

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_P384_key_is_refused()
    {
        using var p384 = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var node = await MediaNodeTestHost.StartAsync(o => o.TokenPublicKey = p384.ExportSubjectPublicKeyInfoPem());
        });

        Assert.Contains("P-256", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_control_key_is_refused()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var node = await MediaNodeTestHost.StartAsync(o => o.ControlApiKey = "short");
        });

        Assert.Contains("at least 16 characters", failure.Message, StringComparison.Ordinal);
    }
}
