using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Together.Api.Features.Messages;

namespace Together.Tests.Infrastructure;

/// <summary>A file part as a client sends it: the name and type are taken verbatim into the part's headers.</summary>
public sealed record UploadFile(string Name, string ContentType, byte[] Bytes);

/// <summary>Intent-named helpers for uploads: real multipart bodies, built byte by byte so odd names reach the server as sent.</summary>
public static class AttachmentTestExtensions
{
    public const string Boundary = "together-test-boundary";

    /// <summary>A multipart/form-data body with one "files" part per file (and <paramref name="fields"/> before them).</summary>
    public static ByteArrayContent Multipart(IEnumerable<UploadFile> files, params (string Name, string Value)[] fields)
    {
        using var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        foreach (var (name, value) in fields)
        {
            Write($"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        }

        foreach (var file in files)
        {
            Write($"--{Boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{file.Name}\"\r\n" +
                $"Content-Type: {file.ContentType}\r\n\r\n");
            body.Write(file.Bytes);
            Write("\r\n");
        }

        Write($"--{Boundary}--\r\n");
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        return content;
    }

    public static async Task<HttpResponseMessage> PostUploadAsync(this TogetherApiHost host, TestUser user, params UploadFile[] files)
    {
        using var client = host.ClientFor(user.AccessToken);
        return await client.PostAsync("/api/attachments", Multipart(files));
    }

    public static async Task<List<AttachmentDto>> UploadAsync(this TogetherApiHost host, TestUser user, params UploadFile[] files)
    {
        using var response = await host.PostUploadAsync(user, files);
        return await response.ReadAsync<List<AttachmentDto>>(HttpStatusCode.Created);
    }

    public static async Task<MessageDto> SendWithAttachmentsAsync(
        this TogetherApiHost host, TestUser author, string channelId, string content, params string[] attachmentIds)
    {
        using var client = host.ClientFor(author.AccessToken);
        using var response = await client.PostAsJsonAsync($"/api/channels/{channelId}/messages", new { content, attachmentIds });
        return await response.ReadAsync<MessageDto>(HttpStatusCode.Created);
    }

    /// <summary>A PNG signature and IHDR chunk of the given size: all the server reads of a PNG.</summary>
    public static byte[] Png(int width, int height, int padding = 32)
    {
        var bytes = new byte[33 + padding];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(bytes, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        bytes[24] = 8;
        bytes[25] = 6;
        Random.Shared.NextBytes(bytes.AsSpan(33));
        return bytes;
    }

    /// <summary>Stored attachment files (not staging) under the host's data directory.</summary>
    public static string[] StoredBlobs(this TogetherApiHost host) =>
        Directory.Exists(Path.Combine(host.DataDirectory, "attachments"))
            ? Directory.GetDirectories(Path.Combine(host.DataDirectory, "attachments"), "??").SelectMany(Directory.GetFiles).ToArray()
            : [];

    public static string[] StagingFiles(this TogetherApiHost host) =>
        Directory.Exists(Path.Combine(host.DataDirectory, "attachments", "staging"))
            ? Directory.GetFiles(Path.Combine(host.DataDirectory, "attachments", "staging"))
            : [];
}
