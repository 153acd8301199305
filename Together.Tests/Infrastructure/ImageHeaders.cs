using System.Buffers.Binary;

namespace Together.Tests.Infrastructure;

/// <summary>Minimal image files, as far as the server reads them: signatures and the headers that hold the size.</summary>
public static class ImageHeaders
{
    public static byte[] Gif(int width, int height)
    {
        var bytes = new byte[32];
        "GIF89a"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)height);
        return bytes;
    }

    /// <summary>SOI, an APP0 segment, a large APP1 (as EXIF with a thumbnail), a DHT (not a frame), then SOF0.</summary>
    public static byte[] Jpeg(int width, int height, int exifBytes = 20_000)
    {
        using var stream = new MemoryStream();
        stream.Write([0xFF, 0xD8]);
        stream.Write([0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        for (var left = exifBytes; left > 0; left -= 60_000)
        {
            var chunk = Math.Min(left, 60_000);
            stream.Write([0xFF, 0xE1, (byte)((chunk + 2) >> 8), (byte)(chunk + 2)]);
            stream.Write(new byte[chunk]);
        }

        stream.Write([0xFF, 0xC4, 0x00, 0x03, 0x00]);
        stream.Write([0xFF, 0xFF, 0xC0, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x03]);
        stream.Write(new byte[9]);
        stream.Write([0xFF, 0xD9]);
        return stream.ToArray();
    }

    public static byte[] WebPLossless(int width, int height)
    {
        var bytes = new byte[40];
        "RIFF"u8.CopyTo(bytes);
        "WEBPVP8L"u8.CopyTo(bytes.AsSpan(8));
        bytes[20] = 0x2F;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(21), (uint)((width - 1) | ((height - 1) << 14)));
        return bytes;
    }

    public static byte[] WebPLossy(int width, int height)
    {
        var bytes = new byte[40];
        "RIFF"u8.CopyTo(bytes);
        "WEBPVP8 "u8.CopyTo(bytes.AsSpan(8));
        bytes[23] = 0x9D;
        bytes[24] = 0x01;
        bytes[25] = 0x2A;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(26), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(28), (ushort)height);
        return bytes;
    }

    public static byte[] WebPExtended(int width, int height)
    {
        var bytes = new byte[40];
        "RIFF"u8.CopyTo(bytes);
        "WEBPVP8X"u8.CopyTo(bytes.AsSpan(8));
        Write24(bytes.AsSpan(24), width - 1);
        Write24(bytes.AsSpan(27), height - 1);
        return bytes;
    }

    private static void Write24(Span<byte> target, int value)
    {
        target[0] = (byte)value;
        target[1] = (byte)(value >> 8);
        target[2] = (byte)(value >> 16);
    }
}
