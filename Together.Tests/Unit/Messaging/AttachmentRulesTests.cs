using System.Text;
using Together.Api.Features.Attachments;
using Together.Tests.Infrastructure;

namespace Together.Tests.Unit.Messaging;

/// <summary>File-name cleaning and type and size sniffing, without a server.</summary>
public sealed class AttachmentRulesTests
{
    [Theory]
    [InlineData("photo.png", "photo.png")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\windows\\system32\\x.dll", "x.dll")]
    [InlineData("C:\\Users\\me\\report.pdf", "report.pdf")]
    [InlineData("a\0b.txt", "ab.txt")]
    [InlineData("tab\there\r\n.txt", "tabhere.txt")]
    [InlineData("invoice\u202Efdp.exe", "invoicefdp.exe")]
    [InlineData("what?<is>:this|*\".txt", "what__is__this___.txt")]
    [InlineData("  .hidden  ", "hidden")]
    [InlineData("trailing. . .", "trailing")]
    [InlineData("CON", "_CON")]
    [InlineData("nul.tar.gz", "_nul.tar.gz")]
    [InlineData("com1 .txt", "_com1 .txt")]
    [InlineData("console.txt", "console.txt")]
    [InlineData("..", "file")]
    [InlineData("", "file")]
    [InlineData(null, "file")]
    [InlineData("/", "file")]
    public void Names_are_cleaned(string? given, string expected) => Assert.Equal(expected, FileNames.Sanitize(given));

    [Fact]
    public void Long_names_are_cut_before_the_extension_without_splitting_a_surrogate_pair()
    {
        var name = FileNames.Sanitize(string.Concat(Enumerable.Repeat("😀", 100)) + ".jpeg");

        Assert.Equal(FileNames.MaxLength - 1, name.Length);
        Assert.EndsWith("😀.jpeg", name, StringComparison.Ordinal);
        Assert.Equal(FileNames.MaxLength, FileNames.Sanitize(new string('a', 500)).Length);
    }

    public static TheoryData<byte[], string?> Types => new()
    {
        { AttachmentTestExtensions.Png(1, 1), "image/png" },
        { ImageHeaders.Jpeg(1, 1, exifBytes: 0), "image/jpeg" },
        { ImageHeaders.Gif(1, 1), "image/gif" },
        { ImageHeaders.WebPLossy(1, 1), "image/webp" },
        { [.. "RIFF\0\0\0\0WAVEfmt "u8], "audio/wav" },
        { [.. "OggS\0\u0002"u8], "audio/ogg" },
        { [.. "fLaC\0\0"u8], "audio/flac" },
        { [.. "ID3\u0004\0"u8], "audio/mpeg" },
        { [0xFF, 0xFB, 0x90, 0x00], "audio/mpeg" },
        { [0x1A, 0x45, 0xDF, 0xA3, 0x01], "video/webm" },
        { [.. "\0\0\0\u0018ftypmp42\0\0"u8], "video/mp4" },
        { [.. "\0\0\0\u0018ftypheic\0\0"u8], null },
        { [0xFF, 0xFE, (byte)'<', 0, (byte)'h', 0], null },
        { [.. "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8], null },
        { [.. "<html><script>"u8], null },
        { [.. "GIF8"u8], null },
        { [], null },
    };

    [Theory]
    [MemberData(nameof(Types))]
    public void Only_bytes_that_prove_a_safe_type_get_one(byte[] head, string? expected) =>
        Assert.Equal(expected, ContentSniffer.SniffSafe(head));

    public static TheoryData<byte[], string, int, int> Sizes => new()
    {
        { AttachmentTestExtensions.Png(4000, 3), "image/png", 4000, 3 },
        { ImageHeaders.Gif(65535, 1), "image/gif", 65535, 1 },
        { ImageHeaders.Jpeg(1280, 720), "image/jpeg", 1280, 720 },
        { ImageHeaders.Jpeg(7, 9, exifBytes: 0), "image/jpeg", 7, 9 },
        { ImageHeaders.WebPLossy(800, 600), "image/webp", 800, 600 },
        { ImageHeaders.WebPLossless(16384, 2), "image/webp", 16384, 2 },
        { ImageHeaders.WebPExtended(10000, 20000), "image/webp", 10000, 20000 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Image_sizes_come_from_the_headers(byte[] image, string contentType, int width, int height)
    {
        using var stream = new MemoryStream(image);
        Assert.Equal((width, height), await ContentSniffer.ImageSizeAsync(stream, contentType, CancellationToken.None));
    }

    [Fact]
    public async Task Truncated_or_endless_headers_give_no_size_rather_than_an_error()
    {
        var jpeg = ImageHeaders.Jpeg(10, 10);
        using var truncated = new MemoryStream(jpeg[..5000]);
        Assert.Null(await ContentSniffer.ImageSizeAsync(truncated, "image/jpeg", CancellationToken.None));
        using var zeroPng = new MemoryStream(AttachmentTestExtensions.Png(0, 10));
        Assert.Null(await ContentSniffer.ImageSizeAsync(zeroPng, "image/png", CancellationToken.None));
        var segments = new List<byte> { 0xFF, 0xD8 };
        for (var i = 0; i < 5000; i++)
        {
            segments.AddRange([0xFF, 0xE1, 0x00, 0x02]);
        }

        using var endless = new MemoryStream([.. segments]);
        Assert.Null(await ContentSniffer.ImageSizeAsync(endless, "image/jpeg", CancellationToken.None));
        using var text = new MemoryStream(Encoding.UTF8.GetBytes("hello"));
        Assert.Null(await ContentSniffer.ImageSizeAsync(text, "text/plain", CancellationToken.None));
    }
}
