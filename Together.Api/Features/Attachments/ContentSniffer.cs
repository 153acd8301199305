using System.Buffers.Binary;

namespace Together.Api.Features.Attachments;

/// <summary>
/// Decides what an upload is from its bytes: the images, audio and video a browser may show inline, recognised by
/// their magic numbers, with image dimensions read from their headers. Anything else is not "safe" and is served as
/// a download.
/// </summary>
public static class ContentSniffer
{
    /// <summary>Enough of a file's start for every signature below and for PNG, GIF and WebP dimensions.</summary>
    public const int HeadBytes = 64;

    /// <summary>The image type of the bytes, from their magic numbers; null when not PNG, JPEG, GIF or WebP.</summary>
    public static string? SniffImage(ReadOnlySpan<byte> head) => head switch
    {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => "image/gif",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
        _ => null,
    };

    /// <summary>A type safe to show inline (image, audio, video) when the bytes prove it; null otherwise.</summary>
    public static string? SniffSafe(ReadOnlySpan<byte> head) => SniffImage(head) ?? head switch
    {
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'A', (byte)'V', (byte)'E', ..] => "audio/wav",
        [(byte)'f', (byte)'L', (byte)'a', (byte)'C', ..] => "audio/flac",
        [(byte)'O', (byte)'g', (byte)'g', (byte)'S', ..] => "audio/ogg",
        [(byte)'I', (byte)'D', (byte)'3', ..] => "audio/mpeg",
        // An MPEG audio frame (Layer III) without ID3 tag; not 0xFF 0xFE/0xFF, which start UTF-16 text.
        [0xFF, 0xFB or 0xFA or 0xF3 or 0xF2 or 0xE3 or 0xE2, ..] => "audio/mpeg",
        [0x1A, 0x45, 0xDF, 0xA3, ..] => "video/webm",
        [_, _, _, _, (byte)'f', (byte)'t', (byte)'y', (byte)'p', .. var brand] when brand.Length >= 4 => Mp4(brand[..4]),
        _ => null,
    };

    /// <summary>ISO media by major brand: MP4 video and audio play in browsers; HEIF, QuickTime and others may not.</summary>
    private static string? Mp4(ReadOnlySpan<byte> brand) => System.Text.Encoding.ASCII.GetString(brand) switch
    {
        "isom" or "iso2" or "iso4" or "iso5" or "iso6" or "mp41" or "mp42" or "avc1" or "M4V " or "dash" => "video/mp4",
        "M4A " => "audio/mp4",
        _ => null,
    };

    public static bool IsSafeInline(string contentType) =>
        contentType is "image/png" or "image/jpeg" or "image/gif" or "image/webp" or "audio/wav" or "audio/flac"
            or "audio/ogg" or "audio/mpeg" or "audio/mp4" or "video/webm" or "video/mp4";

    /// <summary>
    /// Width and height of a PNG, JPEG, GIF or WebP image, from its header (for JPEG, the first start-of-frame
    /// segment, skipping the ones before it); null when the header is not understood.
    /// </summary>
    public static async Task<(int Width, int Height)?> ImageSizeAsync(Stream image, string contentType, CancellationToken cancellationToken)
    {
        var head = new byte[HeadBytes];
        var length = await image.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var bytes = head.AsSpan(0, length);
        (int, int)? size = contentType switch
        {
            "image/png" when length >= 24 && bytes[12..16].SequenceEqual("IHDR"u8) =>
                (BinaryPrimitives.ReadInt32BigEndian(bytes[16..]), BinaryPrimitives.ReadInt32BigEndian(bytes[20..])),
            "image/gif" when length >= 10 =>
                (BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]), BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..])),
            "image/webp" => WebPSize(bytes),
            "image/jpeg" => await JpegSizeAsync(image, cancellationToken),
            _ => null,
        };
        return size is var (width, height) && width > 0 && height > 0 ? size : null;
    }

    private static (int, int)? WebPSize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 30)
        {
            return null;
        }

        var chunk = bytes[12..16];
        if (chunk.SequenceEqual("VP8 "u8) && bytes[23] == 0x9D && bytes[24] == 0x01 && bytes[25] == 0x2A)
        {
            return (BinaryPrimitives.ReadUInt16LittleEndian(bytes[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(bytes[28..]) & 0x3FFF);
        }

        if (chunk.SequenceEqual("VP8L"u8) && bytes[20] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(bytes[21..]);
            return ((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }

        if (chunk.SequenceEqual("VP8X"u8))
        {
            return (Read24(bytes[24..]) + 1, Read24(bytes[27..]) + 1);
        }

        return null;
    }

    private static int Read24(ReadOnlySpan<byte> bytes) => bytes[0] | (bytes[1] << 8) | (bytes[2] << 16);

    /// <summary>Walks JPEG segments from the start of the stream to the first SOFn (not DHT, JPG or DAC).</summary>
    private static async Task<(int, int)?> JpegSizeAsync(Stream image, CancellationToken cancellationToken)
    {
        image.Position = 2;
        var header = new byte[9];
        // A bound on segments, so a crafted file of endless tiny segments cannot keep us reading.
        for (var segment = 0; segment < 1024; segment++)
        {
            if (await image.ReadAtLeastAsync(header.AsMemory(0, 4), 4, throwOnEndOfStream: false, cancellationToken) < 4
                || header[0] != 0xFF)
            {
                return null;
            }

            var marker = header[1];
            if (marker == 0xFF)
            {
                // Fill bytes: the marker is the next byte.
                image.Position -= 3;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (await image.ReadAtLeastAsync(header.AsMemory(0, 5), 5, throwOnEndOfStream: false, cancellationToken) < 5)
                {
                    return null;
                }

                return (BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(3)), BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(1)));
            }

            if (marker is 0xD9 or 0xDA || length < 2)
            {
                return null;
            }

            image.Position += length - 2;
        }

        return null;
    }
}
