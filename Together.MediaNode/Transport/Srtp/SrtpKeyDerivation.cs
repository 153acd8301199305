using System.Security.Cryptography;

namespace Together.MediaNode.Transport.Srtp;

/// <summary>
/// The SRTP key derivation function (RFC 3711 §4.3.1 and §4.3.3) with a key derivation rate of 0, which is what
/// DTLS-SRTP uses: every session key is the AES-CM keystream under the master key, with the IV
/// (label at byte 7) XOR master salt, shifted left by 16 bits.
/// </summary>
internal static class SrtpKeyDerivation
{
    private const byte RtpEncryptionLabel = 0;
    private const byte RtpAuthenticationLabel = 1;
    private const byte RtpSaltLabel = 2;
    private const byte RtcpEncryptionLabel = 3;
    private const byte RtcpAuthenticationLabel = 4;
    private const byte RtcpSaltLabel = 5;

    public static SrtpSessionKeys Derive(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        var parameters = SrtpProfileParameters.For(profile);
        if (masterKey.Length != parameters.MasterKeyLength)
        {
            throw new ArgumentException($"{profile} needs a {parameters.MasterKeyLength}-byte master key.", nameof(masterKey));
        }

        if (masterSalt.Length != parameters.MasterSaltLength)
        {
            throw new ArgumentException($"{profile} needs a {parameters.MasterSaltLength}-byte master salt.", nameof(masterSalt));
        }

        using var aes = Aes.Create();
        aes.Key = masterKey.ToArray();
        return new SrtpSessionKeys(
            Derive(aes, masterSalt, RtpEncryptionLabel, parameters.SessionKeyLength),
            Derive(aes, masterSalt, RtpAuthenticationLabel, parameters.AuthenticationKeyLength),
            Derive(aes, masterSalt, RtpSaltLabel, parameters.SessionSaltLength),
            Derive(aes, masterSalt, RtcpEncryptionLabel, parameters.SessionKeyLength),
            Derive(aes, masterSalt, RtcpAuthenticationLabel, parameters.AuthenticationKeyLength),
            Derive(aes, masterSalt, RtcpSaltLabel, parameters.SessionSaltLength));
    }

    /// <summary>One session key: a GCM master salt is 12 bytes and is zero-padded to 14 (as libsrtp and pion do).</summary>
    internal static byte[] Derive(Aes aes, ReadOnlySpan<byte> masterSalt, byte label, int length)
    {
        var output = new byte[length];
        if (length == 0)
        {
            return output;
        }

        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[7] ^= label;

        var blocks = (length + 15) / 16;
        var counters = new byte[blocks * 16];
        for (var block = 0; block < blocks; block++)
        {
            var counter = counters.AsSpan(block * 16, 16);
            iv.CopyTo(counter);
            counter[14] = (byte)(block >> 8);
            counter[15] = (byte)block;
        }

        var keystream = aes.EncryptEcb(counters, PaddingMode.None);
        keystream.AsSpan(0, length).CopyTo(output);
        return output;
    }
}
