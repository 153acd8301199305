using System.Security.Cryptography;
using Together.MediaNode.Transport.Srtp;
using static Together.Tests.Media.Transport.Srtp.SrtpTestPackets;

namespace Together.Tests.Media.Transport.Srtp;

/// <summary>Published test vectors: if these pass, Chromium's libsrtp reads what we write.</summary>
public sealed class SrtpVectorTests
{
    [Fact]
    public void Key_derivation_matches_rfc3711_appendix_b3()
    {
        var keys = SrtpKeyDerivation.Derive(
            SrtpProfile.AesCm128HmacSha1_80,
            Hex("E1F97A0D3E018BE0D64FA32C06DE4139"),
            Hex("0EC675AD498AFEEBB6960B3AABE6"));

        Assert.Equal("C61E7A93744F39EE10734AFE3FF7A087", Convert.ToHexString(keys.RtpEncryptionKey));
        Assert.Equal("30CBBC08863D8C85D49DB34A9AE1", Convert.ToHexString(keys.RtpSalt));
        Assert.Equal("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4", Convert.ToHexString(keys.RtpAuthenticationKey));
    }

    [Fact]
    public void Long_auth_key_derivation_matches_rfc3711_appendix_b3()
    {
        using var aes = Aes.Create();
        aes.Key = Hex("E1F97A0D3E018BE0D64FA32C06DE4139");

        var authKey = SrtpKeyDerivation.Derive(aes, Hex("0EC675AD498AFEEBB6960B3AABE6"), 1, 94);

        Assert.Equal(
            "CEBE321F6FF7716B6FD4AB49AF256A156D38BAA48F0A0ACF3C34E2359E6CDBCEE049646C43D9327AD175578EF7227098"
            + "6371C10C9A369AC2F94A8C5FBCDDDC256D6E919A48B610EF17C2041E474035766B68642C59BBFC2F34DB60DBDFB2",
            Convert.ToHexString(authKey));
    }

    [Fact]
    public void Gcm_key_derivation_treats_the_12_byte_salt_as_zero_padded_to_14()
    {
        var gcm = SrtpKeyDerivation.Derive(
            SrtpProfile.AeadAes128Gcm, Hex("E1F97A0D3E018BE0D64FA32C06DE4139"), Hex("0EC675AD498AFEEBB6960B3A"));
        var cm = SrtpKeyDerivation.Derive(
            SrtpProfile.AesCm128HmacSha1_80, Hex("E1F97A0D3E018BE0D64FA32C06DE4139"), Hex("0EC675AD498AFEEBB6960B3A0000"));

        Assert.Equal(cm.RtpEncryptionKey, gcm.RtpEncryptionKey);
        Assert.Equal(cm.RtpSalt[..12], gcm.RtpSalt);
        Assert.Equal(cm.RtcpEncryptionKey, gcm.RtcpEncryptionKey);
        Assert.Equal(cm.RtcpSalt[..12], gcm.RtcpSalt);
        Assert.Empty(gcm.RtpAuthenticationKey);
    }

    [Fact]
    public void Aes_cm_keystream_matches_rfc3711_appendix_b2()
    {
        var keys = new SrtpSessionKeys(
            Hex("2B7E151628AED2A6ABF7158809CF4F3C"), new byte[20], Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"),
            Hex("2B7E151628AED2A6ABF7158809CF4F3C"), new byte[20], Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"));
        using var session = new SrtpSession(SrtpProfile.AesCm128HmacSha1_80, keys);
        var packet = new byte[12 + 48 + SrtpSession.MaxOverhead];
        Hex("800F0000DECAFBAD00000000").CopyTo(packet, 0);

        Assert.True(session.TryProtectRtp(packet, 12 + 48, out var length));

        Assert.Equal(12 + 48 + 10, length);
        Assert.Equal(
            "E03EAD0935C95E80E166B16DD92B4EB4D23513162B02D0F72A43A2FE4A5F97AB41E95B3BB0A2E8DD477901E4FCA894C0",
            Convert.ToHexString(packet, 12, 48));
    }

    private static readonly byte[] GcmKey = Hex("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] GcmSalt = Hex("517569642070726f2071756f");

    private const string Rfc7714PlainRtp =
        "8040f17b8041f8d35501a0b247616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573";
    private const string Rfc7714ProtectedRtp =
        "8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf"
        + "8833899d7f27beb16a9152cf765ee4390cce";
    private const string Rfc7714PlainRtcp =
        "81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";
    private const string Rfc7714ProtectedRtcp =
        "81c8000d4d61727363e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded"
        + "0bb9275bc84aa45896cf4d2fc5abf87245d9eade800005d4";

    private static SrtpSession Rfc7714Session() =>
        new(SrtpProfile.AeadAes128Gcm, new SrtpSessionKeys(GcmKey, [], GcmSalt, GcmKey, [], GcmSalt));

    [Fact]
    public void Gcm_rtp_encryption_matches_rfc7714_section_16()
    {
        using var session = Rfc7714Session();
        var plain = Hex(Rfc7714PlainRtp);
        var buffer = new byte[plain.Length + SrtpSession.MaxOverhead];
        plain.CopyTo(buffer, 0);

        Assert.True(session.TryProtectRtp(buffer, plain.Length, out var length));

        Assert.Equal(Rfc7714ProtectedRtp, Convert.ToHexString(buffer, 0, length), ignoreCase: true);
    }

    [Fact]
    public void Gcm_rtp_decryption_matches_rfc7714_section_16()
    {
        using var session = Rfc7714Session();
        var packet = Hex(Rfc7714ProtectedRtp);

        Assert.True(session.TryUnprotectRtp(packet, out var length));

        Assert.Equal(Rfc7714PlainRtp, Convert.ToHexString(packet, 0, length), ignoreCase: true);
    }

    [Fact]
    public void Gcm_rtcp_encryption_matches_rfc7714_section_17()
    {
        using var session = Rfc7714Session();
        session.SetNextRtcpIndex(0x4d617273, 0x5d4);
        var plain = Hex(Rfc7714PlainRtcp);
        var buffer = new byte[plain.Length + SrtpSession.MaxRtcpOverhead];
        plain.CopyTo(buffer, 0);

        Assert.True(session.TryProtectRtcp(buffer, plain.Length, out var length));

        Assert.Equal(Rfc7714ProtectedRtcp, Convert.ToHexString(buffer, 0, length), ignoreCase: true);
    }

    [Fact]
    public void Gcm_rtcp_decryption_matches_rfc7714_section_17()
    {
        using var session = Rfc7714Session();
        var packet = Hex(Rfc7714ProtectedRtcp);

        Assert.True(session.TryUnprotectRtcp(packet, out var length));

        Assert.Equal(Rfc7714PlainRtcp, Convert.ToHexString(packet, 0, length), ignoreCase: true);
    }
}
