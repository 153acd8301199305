using System.Security.Cryptography;
using Together.Api.Domain;
using Together.Api.Features.Attachments;
using Together.Api.Infrastructure;

namespace Together.Api.Features.Servers;

/// <summary>
/// Server icons on disk, content-addressed: <c>&lt;data&gt;/icons/&lt;sha-256 hex&gt;</c>. A file never changes once
/// written, so it can be served as immutable, and servers with the same image share one file. The type is decided
/// from the bytes (PNG, JPEG, GIF, WebP), never from what the client claimed.
/// </summary>
public sealed class ServerIconStore(DataDirectory dataDirectory)
{
    private readonly string _folder = dataDirectory.Combine("icons");

    /// <summary>The image type of the bytes, from their magic numbers; null when not an accepted image.</summary>
    public static string? SniffContentType(ReadOnlySpan<byte> bytes) => ContentSniffer.SniffImage(bytes);

    public static bool IsHash(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigitLower);

    /// <summary>Stores the image (once per distinct content) and returns its hash.</summary>
    public async Task<string> SaveAsync(byte[] image, CancellationToken cancellationToken)
    {
        if (SniffContentType(image) is null)
        {
            throw new DomainException(ErrorKind.UnsupportedType, ErrorCodes.UnsupportedMediaType,
                "Icons must be PNG, JPEG, GIF or WebP images.");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(image));
        var path = PathOf(hash);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(_folder);
            // Written aside and moved into place, so a reader never sees half a file.
            var partial = $"{path}.{Guid.NewGuid():N}.partial";
            await File.WriteAllBytesAsync(partial, image, cancellationToken);
            File.Move(partial, path, overwrite: true);
        }

        return hash;
    }

    /// <summary>The icon's bytes and type; null when there is no such icon.</summary>
    public async Task<(byte[] Bytes, string ContentType)?> ReadAsync(string hash, CancellationToken cancellationToken)
    {
        if (!IsHash(hash) || !File.Exists(PathOf(hash)))
        {
            return null;
        }

        var bytes = await File.ReadAllBytesAsync(PathOf(hash), cancellationToken);
        return SniffContentType(bytes) is { } contentType ? (bytes, contentType) : null;
    }

    public void Delete(string hash)
    {
        if (IsHash(hash))
        {
            File.Delete(PathOf(hash));
        }
    }

    private string PathOf(string hash) => Path.Combine(_folder, hash);
}
