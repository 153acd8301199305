using Microsoft.AspNetCore.Http.Features;
using Together.Api.Domain;

namespace Together.Api.Features.Servers;

/// <summary>Reads an uploaded image: the raw request body, or the first file of a multipart form.</summary>
public static class IconUpload
{
    /// <summary>Room for multipart boundaries and part headers around the file itself.</summary>
    private const int MultipartOverheadBytes = 16 * 1024;

    public static async Task<byte[]> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes + MultipartOverheadBytes)
        {
            throw TooLarge(maxBytes);
        }

        // The server stops reading past this, so an unannounced oversized body is cut off too.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + MultipartOverheadBytes;
        }

        Stream source;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            var file = form.Files.Count > 0 ? form.Files[0] : throw DomainException.Validation("file", "Attach the image as a file.");
            source = file.OpenReadStream();
        }
        else
        {
            source = request.Body;
        }

        await using (source)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }
            }

            return buffer.Length > 0 ? buffer.ToArray() : throw DomainException.Validation("body", "Send an image.");
        }
    }

    private static DomainException TooLarge(int maxBytes) =>
        new(ErrorKind.TooLarge, ErrorCodes.PayloadTooLarge, $"Icons are at most {maxBytes} bytes.");
}
