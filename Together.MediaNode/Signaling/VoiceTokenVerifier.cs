using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Together.MediaNode.Signaling;

/// <summary>
/// Verifies the Api's voice tokens: compact JWS, ES256 only, signed by the key whose public half the node holds.
/// A token lives at most <see cref="MaxLifetime"/> and is accepted once (by <c>jti</c>), so a leaked URL is useless
/// within a minute and cannot be replayed even within it.
/// </summary>
public sealed class VoiceTokenVerifier : IDisposable
{
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(5);
    private const int MaxTokenLength = 4096;
    private const int SignatureLength = 64;

    private readonly ECDsa _publicKey;
    private readonly TimeProvider _time;
    private readonly TokenIdReplayGuard _seenTokenIds;

    public VoiceTokenVerifier(string publicKeyPem, TimeProvider time)
    {
        _publicKey = ECDsa.Create();
        _publicKey.ImportFromPem(publicKeyPem);
        _time = time;
        _seenTokenIds = new TokenIdReplayGuard(time, MaxLifetime + ClockSkew + ClockSkew);
    }

    public bool TryVerify(string? token, out VoiceToken? verified, out VoiceTokenRejection? rejection)
    {
        verified = null;
        rejection = Check(token, ref verified);
        return rejection is null;
    }

    private VoiceTokenRejection? Check(string? token, ref VoiceToken? verified)
    {
        if (string.IsNullOrEmpty(token))
        {
            return new("missing token");
        }

        if (token.Length > MaxTokenLength)
        {
            return new("token too long");
        }

        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return new("not a compact JWS");
        }

        var header = DecodeSegment(parts[0]);
        var payload = DecodeSegment(parts[1]);
        var signature = DecodeSegment(parts[2]);
        if (header is null || payload is null || signature is null)
        {
            return new("malformed base64url");
        }

        if (!IsEs256Header(header))
        {
            return new("unsupported token algorithm");
        }

        if (signature.Length != SignatureLength || !VerifySignature(parts[0], parts[1], signature))
        {
            return new("bad signature");
        }

        if (!TryReadClaims(payload, out var claims))
        {
            return new("malformed claims");
        }

        var now = _time.GetUtcNow();
        if (claims.ExpiresAt <= now - ClockSkew)
        {
            return new("token expired");
        }

        if (claims.ExpiresAt > now + MaxLifetime + ClockSkew)
        {
            return new("token lifetime too long");
        }

        if (!_seenTokenIds.TryAdd(claims.TokenId, claims.ExpiresAt + ClockSkew))
        {
            return new("token already used");
        }

        verified = claims;
        return null;
    }

    private bool VerifySignature(string header, string payload, byte[] signature)
    {
        var signedLength = Encoding.ASCII.GetByteCount(header) + 1 + Encoding.ASCII.GetByteCount(payload);
        var signed = ArrayPool<byte>.Shared.Rent(signedLength);
        try
        {
            var written = Encoding.ASCII.GetBytes(header, signed);
            signed[written++] = (byte)'.';
            written += Encoding.ASCII.GetBytes(payload, signed.AsSpan(written));
            return _publicKey.VerifyData(
                signed.AsSpan(0, written), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(signed);
        }
    }

    private static byte[]? DecodeSegment(string segment)
    {
        if (segment.Length == 0 || !Base64Url.IsValid(segment))
        {
            return null;
        }

        return Base64Url.DecodeFromChars(segment);
    }

    private static bool IsEs256Header(byte[] header)
    {
        try
        {
            using var document = JsonDocument.Parse(header);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("alg", out var alg)
                && alg.ValueKind == JsonValueKind.String
                && alg.ValueEquals("ES256");
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryReadClaims(byte[] payload, out VoiceToken claims)
    {
        claims = null!;
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !TryGetNonEmptyString(root, "sub", out var userId)
                || !TryGetNonEmptyString(root, "room", out var roomId)
                || !TryGetNonEmptyString(root, "jti", out var tokenId)
                || !root.TryGetProperty("speak", out var speak)
                || speak.ValueKind is not (JsonValueKind.True or JsonValueKind.False)
                || !root.TryGetProperty("exp", out var exp)
                || !exp.TryGetInt64(out var expSeconds)
                || expSeconds is < 0 or > 253402300799)
            {
                return false;
            }

            claims = new VoiceToken(
                userId, roomId, speak.GetBoolean(), tokenId, DateTimeOffset.FromUnixTimeSeconds(expSeconds));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryGetNonEmptyString(JsonElement root, string name, out string value)
    {
        value = "";
        if (!root.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = element.GetString() ?? "";
        return value.Length is > 0 and <= 256;
    }

    public void Dispose() => _publicKey.Dispose();
}
