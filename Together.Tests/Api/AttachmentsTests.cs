using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Together.Api.Features.Attachments;
using Together.Api.Features.Messages;
using Together.Api.Permissions;
using Together.Tests.Infrastructure;
using Together.Tests.Media.Transport;
using static Together.Tests.Infrastructure.MessageTestExtensions;

namespace Together.Tests.Api;

/// <summary>Uploading, sending, serving and sweeping attachments, over real multipart HTTP, on each database.</summary>
public abstract class AttachmentsTests(TogetherApiHost host)
{
    /// <summary>Small, so that "too large" costs kilobytes, not the default 25 MiB.</summary>
    public const int MaxFileBytes = 64 * 1024;

    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Attachments:MaxFileBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:MessagesPerUser:PermitLimit"] = MessagesPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:UploadsPerUser:PermitLimit"] = UploadsPerWindow.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Every test here uploads from 127.0.0.1 into one host: the address ceiling is not what they test.
        ["RateLimits:UploadsPerIp:PermitLimit"] = "100000",
    };

    /// <summary>Above what any other test here uploads as one user.</summary>
    private const int UploadsPerWindow = 12;

    /// <summary>Low enough to reach in a test, above what any other test here sends as one user.</summary>
    private const int MessagesPerMinute = 15;

    [Fact]
    public async Task A_co_member_sees_the_attachment_in_the_message_and_its_signed_url_serves_the_image_inline()
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, member);
        await using var memberGateway = await GatewayTestClient.ConnectAsync(host, member.AccessToken);
        var png = AttachmentTestExtensions.Png(640, 480);

        var uploaded = Assert.Single(await host.UploadAsync(owner, new UploadFile("holiday photo.png", "image/png", png)));
        var sent = await host.SendWithAttachmentsAsync(owner, server.TextChannelId, "look", uploaded.Id);

        var attachment = Assert.Single(sent.Attachments);
        Assert.Equal((uploaded.Id, "holiday photo.png", "image/png", (long)png.Length, 640, 480),
            (attachment.Id, attachment.Filename, attachment.ContentType, attachment.Size, attachment.Width!.Value, attachment.Height!.Value));
        var created = await memberGateway.SkipToEventAsync("MESSAGE_CREATE");
        var fromEvent = created.GetProperty("attachments")[0];
        Assert.Equal(uploaded.Id, fromEvent.GetProperty("id").GetString());
        var history = await host.HistoryAsync(member, server.TextChannelId);
        var url = Assert.Single(Assert.Single(history).Attachments).Url;
        Assert.StartsWith($"/api/attachments/{uploaded.Id}/holiday%20photo.png?ex=", url, StringComparison.Ordinal);
        Assert.Equal(url, fromEvent.GetProperty("url").GetString());

        // As an <img src> would: no bearer token, only the URL.
        using var anonymous = host.CreateClient();
        using var response = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(png, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("inline", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("bytes", response.Headers.AcceptRanges.Single());

        using var ranged = new HttpRequestMessage(HttpMethod.Get, url);
        ranged.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 7);
        using var partial = await anonymous.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(png[..8], await partial.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_file_over_the_limit_is_413_and_leaves_nothing_on_disk_or_in_the_database()
    {
        var user = await host.RegisterAsync();
        var rowsBefore = await host.QueryAsync(db => db.Attachments.CountAsync());
        var blobsBefore = host.StoredBlobs().Length;

        // Streamed past the per-file limit (the body as a whole is within what ten files may be).
        using var oneTooLarge = await host.PostUploadAsync(user,
            new UploadFile("ok.bin", "application/octet-stream", new byte[100]),
            new UploadFile("big.bin", "application/octet-stream", RandomNumberGenerator.GetBytes(MaxFileBytes + 1)));
        await oneTooLarge.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");

        // Announced larger than any allowed upload: refused before reading (the client waits for 100-continue, so it
        // never has to push the body into a server that answered already).
        using var client = host.ClientFor(user.AccessToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/attachments")
        {
            Content = AttachmentTestExtensions.Multipart(
                [new UploadFile("huge.bin", "application/octet-stream", new byte[(MaxFileBytes * 11) + (128 * 1024)])]),
        };
        request.Headers.ExpectContinue = true;
        using var huge = await client.SendAsync(request);
        await huge.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");

        Assert.Equal(rowsBefore, await host.QueryAsync(db => db.Attachments.CountAsync()));
        Assert.Equal(blobsBefore, host.StoredBlobs().Length);
        Assert.Empty(host.StagingFiles());
    }

    [Fact]
    public async Task A_chunked_body_past_the_servers_own_limit_is_a_413_problem()
    {
        var user = await host.RegisterAsync();
        using var client = host.ClientFor(user.AccessToken);
        // A form field (not a file) is skipped by the upload, so only Kestrel's body limit can stop this one.
        var content = AttachmentTestExtensions.Multipart([], ("padding", new string('x', (MaxFileBytes * 10) + (256 * 1024))));
        using var chunked = new StreamContent(new MemoryStream(await content.ReadAsByteArrayAsync()));
        chunked.Headers.ContentType = content.Headers.ContentType;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/attachments") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Empty(host.StagingFiles());
    }

    [Fact]
    public async Task Eleven_files_are_refused_whole()
    {
        var user = await host.RegisterAsync();
        var files = Enumerable.Range(0, 11).Select(i => new UploadFile($"f{i}.txt", "text/plain", Encoding.UTF8.GetBytes($"file {i} {Guid.NewGuid()}"))).ToArray();

        using var response = await host.PostUploadAsync(user, files);

        await response.AssertValidationProblemAsync("files");
        Assert.Equal(0, await host.QueryAsync(db => db.Attachments.CountAsync(attachment => attachment.UploaderId == LongId(user.Id))));
        Assert.Empty(host.StagingFiles());
        Assert.Equal(10, (await host.UploadAsync(user, files[..10])).Count);
    }

    [Fact]
    public async Task Uploads_that_are_not_multipart_or_hold_no_file_are_refused()
    {
        var user = await host.RegisterAsync();
        using var client = host.ClientFor(user.AccessToken);

        using var json = await client.PostAsJsonAsync("/api/attachments", new { file = "x" });
        await json.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        using var none = await client.PostAsync("/api/attachments", AttachmentTestExtensions.Multipart([], ("content", "hi")));
        await none.AssertValidationProblemAsync("files");
        using var empty = await host.PostUploadAsync(user, new UploadFile("empty.txt", "text/plain", []));
        await empty.AssertValidationProblemAsync("files");
        var broken = new ByteArrayContent(Encoding.UTF8.GetBytes($"--{AttachmentTestExtensions.Boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a\"\r\n\r\nno end"));
        broken.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={AttachmentTestExtensions.Boundary}");
        using var truncated = await client.PostAsync("/api/attachments", broken);
        await truncated.AssertValidationProblemAsync("body");
        using var anonymous = host.CreateClient();
        using var unauthenticated = await anonymous.PostAsync("/api/attachments",
            AttachmentTestExtensions.Multipart([new UploadFile("a.txt", "text/plain", [1])]));
        await unauthenticated.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(0, await host.QueryAsync(db => db.Attachments.CountAsync(attachment => attachment.UploaderId == LongId(user.Id))));
    }

    [Fact]
    public async Task Path_traversal_and_control_characters_in_names_are_cleaned_away()
    {
        var user = await host.RegisterAsync();

        var uploaded = await host.UploadAsync(user,
            new UploadFile("../../etc/passwd", "text/plain", [1]),
            new UploadFile("..\\\\x", "text/plain", [2]),
            new UploadFile("a\0b\u202Egpj.exe", "text/plain", [3]),
            new UploadFile("CON.txt", "text/plain", [4]),
            new UploadFile("..", "text/plain", [5]));

        Assert.Equal(["passwd", "x", "abgpj.exe", "_CON.txt", "file"], uploaded.Select(attachment => attachment.Filename));
        using var client = host.ClientFor(user.AccessToken);
        foreach (var attachment in uploaded)
        {
            using var response = await client.GetAsync(attachment.Url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        }

        // Only hashes name stored files.
        Assert.All(host.StoredBlobs(), path => Assert.Matches("^[0-9a-f]{64}$", Path.GetFileName(path)));
        Assert.DoesNotContain(Directory.GetFiles(host.DataDirectory, "*", SearchOption.AllDirectories),
            path => Path.GetFileName(path) is "passwd" or "x");
    }

    [Fact]
    public async Task Html_disguised_as_a_png_is_served_as_a_download_not_as_an_image()
    {
        var user = await host.RegisterAsync();
        var server = await host.CreateServerAsync(user);
        var html = Encoding.UTF8.GetBytes("<html><script>alert(document.cookie)</script></html>");

        var uploaded = Assert.Single(await host.UploadAsync(user, new UploadFile("evil.png", "image/png", html),
            new UploadFile("page.html", "text/html", html)).ContinueWith(task => task.Result.Take(1).ToList()));
        var sent = await host.SendWithAttachmentsAsync(user, server.TextChannelId, "", uploaded.Id);

        var attachment = Assert.Single(sent.Attachments);
        Assert.Equal("application/octet-stream", attachment.ContentType);
        Assert.Null(attachment.Width);
        using var anonymous = host.CreateClient();
        using var response = await anonymous.GetAsync(attachment.Url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("evil.png", response.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("sandbox; default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Declared_html_keeps_its_type_but_is_only_ever_a_download()
    {
        var user = await host.RegisterAsync();
        var uploaded = Assert.Single(await host.UploadAsync(user,
            new UploadFile("page.html", "text/html", Encoding.UTF8.GetBytes("<script>alert(1)</script>"))));

        using var anonymous = host.CreateClient();
        using var response = await anonymous.GetAsync(uploaded.Url);

        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("sandbox; default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Without_a_signed_url_only_those_who_may_view_the_channel_get_the_file()
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var outsider = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, member);
        var uploaded = Assert.Single(await host.UploadAsync(owner, new UploadFile("notes.txt", "text/plain", Encoding.UTF8.GetBytes("secret plans"))));
        var unsigned = uploaded.Url[..uploaded.Url.IndexOf('?', StringComparison.Ordinal)];

        // Not sent yet: only the uploader.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(owner, unsigned));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(member, unsigned));

        await host.SendWithAttachmentsAsync(owner, server.TextChannelId, "plans", uploaded.Id);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(member, unsigned));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(outsider, unsigned));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(null, unsigned));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(outsider, $"/api/attachments/{uploaded.Id}/other-name.txt"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(owner, $"/api/attachments/{uploaded.Id}/other-name.txt"));

        await host.DenyInChannelAsync(server.TextChannelId, member, Permission.ViewChannel);
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(member, unsigned));
        using var problem = await host.ClientFor(outsider.AccessToken).GetAsync(unsigned);
        await problem.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task In_a_dm_the_participants_get_the_file_and_other_members_of_a_shared_server_do_not()
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var bystander = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, member);
        await host.JoinAsync(server, bystander);
        var dm = await host.OpenDmAsync(member, owner);
        var uploaded = Assert.Single(await host.UploadAsync(member, new UploadFile("dm.txt", "text/plain", Encoding.UTF8.GetBytes("between us"))));

        var sent = await host.SendWithAttachmentsAsync(member, dm.Id, "for you", uploaded.Id);

        Assert.Equal(uploaded.Id, Assert.Single(sent.Attachments).Id);
        var unsigned = uploaded.Url[..uploaded.Url.IndexOf('?', StringComparison.Ordinal)];
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(owner, unsigned));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(bystander, unsigned));
    }

    [Fact]
    public async Task A_forged_signature_is_404_and_an_expired_one_is_403_url_expired()
    {
        var user = await host.RegisterAsync();
        var uploaded = Assert.Single(await host.UploadAsync(user, new UploadFile("a.txt", "text/plain", [1, 2, 3])));
        var path = uploaded.Url[..uploaded.Url.IndexOf('?', StringComparison.Ordinal)];
        var validExpiry = uploaded.Url.Split("ex=")[1].Split('&')[0];
        var key = Convert.FromBase64String(File.ReadAllText(Path.Combine(host.DataDirectory, "keys", "attachment-url.key")).Trim());
        string Sign(long expires) => Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"{uploaded.Id}:{expires}")));
        var past = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();
        var future = DateTimeOffset.UtcNow.AddDays(300).ToUnixTimeSeconds();
        using var anonymous = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(uploaded.Url)).StatusCode);
        using var forged = await anonymous.GetAsync($"{path}?ex={future}&sig={Sign(future)[..^2]}AA");
        await forged.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        using var stretched = await anonymous.GetAsync($"{path}?ex={future}&sig={uploaded.Url.Split("sig=")[1]}");
        await stretched.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        using var otherFile = await anonymous.GetAsync($"/api/attachments/{uploaded.Id}1/a.txt?ex={validExpiry}&sig={uploaded.Url.Split("sig=")[1]}");
        Assert.Equal(HttpStatusCode.NotFound, otherFile.StatusCode);
        using var expired = await anonymous.GetAsync($"{path}?ex={past}&sig={Sign(past)}");
        await expired.AssertProblemAsync(HttpStatusCode.Forbidden, "url_expired");
        // The right key and a future expiry: the test knows the key, so this proves the check is the HMAC itself.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"{path}?ex={future}&sig={Sign(future)}")).StatusCode);
    }

    [Fact]
    public async Task Image_dimensions_are_read_from_png_gif_jpeg_and_webp_headers()
    {
        var user = await host.RegisterAsync();

        var uploaded = await host.UploadAsync(user,
            new UploadFile("a.png", "application/octet-stream", AttachmentTestExtensions.Png(1920, 1080)),
            new UploadFile("b.gif", "image/gif", ImageHeaders.Gif(320, 200)),
            new UploadFile("c.jpg", "image/jpeg", ImageHeaders.Jpeg(1024, 768)),
            new UploadFile("d.webp", "image/webp", ImageHeaders.WebPLossless(300, 150)),
            new UploadFile("e.txt", "text/plain", Encoding.UTF8.GetBytes("not an image")));

        Assert.Equal(
            [("image/png", 1920, 1080), ("image/gif", 320, 200), ("image/jpeg", 1024, 768), ("image/webp", 300, 150), ("text/plain", 0, 0)],
            uploaded.Select(attachment => (attachment.ContentType, attachment.Width ?? 0, attachment.Height ?? 0)));
        Assert.Equal(1920, await host.QueryAsync(db => db.Attachments.Where(a => a.Id == LongId(uploaded[0].Id)).Select(a => a.Width).SingleAsync()));
    }

    [Fact]
    public async Task The_same_bytes_uploaded_twice_are_stored_once()
    {
        var user = await host.RegisterAsync();
        var other = await host.RegisterAsync();
        var bytes = RandomNumberGenerator.GetBytes(5000);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var first = Assert.Single(await host.UploadAsync(user, new UploadFile("one.bin", "application/octet-stream", bytes)));
        var second = Assert.Single(await host.UploadAsync(other, new UploadFile("two.bin", "application/octet-stream", bytes)));

        Assert.NotEqual(first.Id, second.Id);
        Assert.Single(host.StoredBlobs(), path => Path.GetFileName(path) == hash);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(host.DataDirectory, "attachments", hash[..2], hash)));
        Assert.Equal(2, await host.QueryAsync(db => db.Attachments.CountAsync(attachment => attachment.ContentHash == hash)));
    }

    [Fact]
    public async Task An_upload_aborted_mid_file_leaves_no_staging_file_and_no_row()
    {
        var user = await host.RegisterAsync();
        var head = Encoding.ASCII.GetBytes(
            $"--{AttachmentTestExtensions.Boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"cut.bin\"\r\n" +
            "Content-Type: application/octet-stream\r\n\r\n");
        using var socket = new TcpClient();
        await socket.ConnectAsync(host.BaseAddress.Host, host.BaseAddress.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/attachments HTTP/1.1\r\nHost: {host.BaseAddress.Authority}\r\nAuthorization: Bearer {user.AccessToken}\r\n" +
            $"Content-Type: multipart/form-data; boundary={AttachmentTestExtensions.Boundary}\r\nContent-Length: {MaxFileBytes}\r\n\r\n"));
        await stream.WriteAsync(head);
        await stream.WriteAsync(new byte[20_000]);
        await stream.FlushAsync();

        // The server is streaming the file aside...
        await Eventually.TrueAsync(() => host.StagingFiles().Length > 0, TimeSpan.FromSeconds(30), "a staging file while the upload runs");
        socket.Client.Close(0);

        // ...and throws it away when the client goes.
        await Eventually.TrueAsync(() => host.StagingFiles().Length == 0, TimeSpan.FromSeconds(30), "no staging file after the abort");
        Assert.Equal(0, await host.QueryAsync(db => db.Attachments.CountAsync(attachment => attachment.UploaderId == LongId(user.Id))));
    }

    [Fact]
    public async Task Only_the_senders_own_unsent_uploads_can_be_attached_and_attach_files_is_required()
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, member);
        var mine = Assert.Single(await host.UploadAsync(member, new UploadFile("m.txt", "text/plain", [1])));
        var theirs = Assert.Single(await host.UploadAsync(owner, new UploadFile("o.txt", "text/plain", [2])));
        using var client = host.ClientFor(member.AccessToken);
        var path = $"/api/channels/{server.TextChannelId}/messages";
        var messagesBefore = await host.CountMessagesAsync(server.TextChannelId);

        foreach (var ids in new[] { new[] { theirs.Id }, [mine.Id, theirs.Id], [mine.Id, mine.Id], ["123"], ["x"],
            Enumerable.Repeat(mine.Id, 11).ToArray() })
        {
            using var refused = await client.PostAsJsonAsync(path, new { content = "hi", attachmentIds = ids });
            await refused.AssertValidationProblemAsync("attachmentIds");
        }

        await host.SetEveryonePermissionsAsync(server, Permission.ViewChannel | Permission.SendMessages | Permission.ReadMessageHistory);
        using var forbidden = await client.PostAsJsonAsync(path, new { content = "hi", attachmentIds = new[] { mine.Id } });
        await forbidden.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        Assert.Equal(messagesBefore, await host.CountMessagesAsync(server.TextChannelId));
        Assert.Null(await host.QueryAsync(db => db.Attachments.Where(a => a.Id == LongId(mine.Id)).Select(a => a.MessageId).SingleAsync()));

        await host.SetEveryonePermissionsAsync(server, Permission.ViewChannel | Permission.SendMessages | Permission.ReadMessageHistory | Permission.AttachFiles);
        var sent = await host.SendWithAttachmentsAsync(member, server.TextChannelId, "   ", mine.Id);
        Assert.Equal("", sent.Content);
        using var again = await client.PostAsJsonAsync(path, new { content = "again", attachmentIds = new[] { mine.Id } });
        await again.AssertValidationProblemAsync("attachmentIds");
        using var noText = await client.PostAsJsonAsync(path, new { content = "", attachmentIds = Array.Empty<string>() });
        await noText.AssertValidationProblemAsync("content");
    }

    [Fact]
    public async Task A_message_and_its_files_go_in_one_multipart_request_and_a_refused_one_keeps_no_file()
    {
        var owner = await host.RegisterAsync();
        var member = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        await host.JoinAsync(server, member);
        var png = AttachmentTestExtensions.Png(12, 34);
        using var client = host.ClientFor(member.AccessToken);
        var path = $"/api/channels/{server.TextChannelId}/messages";
        var rowsOfMember = () => host.QueryAsync(db => db.Attachments.CountAsync(attachment => attachment.UploaderId == LongId(member.Id)));

        using var response = await client.PostAsync(path, AttachmentTestExtensions.Multipart(
            [new UploadFile("a.png", "image/png", png), new UploadFile("b.txt", "text/plain", [1, 2])],
            ("content", "two files"), ("nonce", "multi-1")));

        var sent = await response.ReadAsync<MessageDto>(HttpStatusCode.Created);
        Assert.Equal(("two files", "multi-1"), (sent.Content, sent.Nonce));
        Assert.Equal(["a.png", "b.txt"], sent.Attachments.Select(attachment => attachment.Filename));
        Assert.Equal((12, 34), (sent.Attachments[0].Width!.Value, sent.Attachments[0].Height!.Value));
        var read = Assert.Single(await host.HistoryAsync(owner, server.TextChannelId));
        Assert.Equal(sent.Attachments.Select(attachment => attachment.Id), read.Attachments.Select(attachment => attachment.Id));

        using var badReply = await client.PostAsync(path, AttachmentTestExtensions.Multipart(
            [new UploadFile("c.txt", "text/plain", [3])], ("content", "reply"), ("replyTo", "123")));
        await badReply.AssertValidationProblemAsync("replyTo");
        Assert.Equal(2, await rowsOfMember());

        await host.SetEveryonePermissionsAsync(server, Permission.ViewChannel | Permission.SendMessages | Permission.ReadMessageHistory);
        using var forbidden = await client.PostAsync(path, AttachmentTestExtensions.Multipart([new UploadFile("d.txt", "text/plain", [4])]));
        await forbidden.AssertProblemAsync(HttpStatusCode.Forbidden, "missing_permission");
        Assert.Equal(2, await rowsOfMember());
        Assert.Single(await host.HistoryAsync(owner, server.TextChannelId));
    }

    [Fact]
    public async Task Sending_with_files_counts_toward_the_same_message_limit_as_sending_json()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        for (var i = 0; i < MessagesPerMinute - 1; i++)
        {
            await host.SendMessageAsync(owner, server.TextChannelId, $"message {i}");
        }

        using var client = host.ClientFor(owner.AccessToken);
        var path = $"/api/channels/{server.TextChannelId}/messages";
        using var last = await client.PostAsync(path, AttachmentTestExtensions.Multipart([new UploadFile("a.txt", "text/plain", [1])]));
        Assert.Equal(HttpStatusCode.Created, last.StatusCode);
        using var limited = await client.PostAsync(path, AttachmentTestExtensions.Multipart([new UploadFile("b.txt", "text/plain", [2])]));

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(MessagesPerMinute, await host.CountMessagesAsync(server.TextChannelId));
        Assert.Equal(1, await host.QueryAsync(db => db.Attachments.CountAsync(attachment => attachment.UploaderId == LongId(owner.Id))));
    }

    [Fact]
    public async Task Uploads_beyond_the_accounts_limit_are_429_and_store_nothing()
    {
        var user = await host.RegisterAsync();
        for (var i = 0; i < UploadsPerWindow; i++)
        {
            using var accepted = await host.PostUploadAsync(user, new UploadFile($"f{i}.txt", "text/plain", Encoding.UTF8.GetBytes($"upload {i}")));
            Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
            Assert.Equal("uploads", accepted.Headers.GetValues("X-RateLimit-Bucket").Single());
        }

        using var refused = await host.PostUploadAsync(user, new UploadFile("one-more.txt", "text/plain", [1]));

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(UploadsPerWindow, await host.QueryAsync(db => db.Attachments.CountAsync(attachment => attachment.UploaderId == LongId(user.Id))));
    }

    [Fact]
    public async Task Deleting_the_message_makes_its_attachment_urls_404_and_the_sweep_frees_the_file()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var bytes = RandomNumberGenerator.GetBytes(3000);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var uploaded = Assert.Single(await host.UploadAsync(owner, new UploadFile("gone.bin", "application/octet-stream", bytes)));
        var sent = await host.SendWithAttachmentsAsync(owner, server.TextChannelId, "soon gone", uploaded.Id);
        using var client = host.ClientFor(owner.AccessToken);

        (await client.DeleteAsync($"/api/channels/{server.TextChannelId}/messages/{sent.Id}")).Dispose();

        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(uploaded.Url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(uploaded.Url)).StatusCode);
        Assert.Contains(host.StoredBlobs(), path => Path.GetFileName(path) == hash);
        await SweepAfterAsync(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(host.StoredBlobs(), path => Path.GetFileName(path) == hash);
    }

    [Fact]
    public async Task Uploads_never_sent_expire_and_their_file_goes_once_nothing_refers_to_it()
    {
        var user = await host.RegisterAsync();
        var server = await host.CreateServerAsync(user);
        var shared = RandomNumberGenerator.GetBytes(4000);
        var sharedHash = Convert.ToHexStringLower(SHA256.HashData(shared));
        var lonely = RandomNumberGenerator.GetBytes(4000);
        var lonelyHash = Convert.ToHexStringLower(SHA256.HashData(lonely));
        var stale = await host.UploadAsync(user, new UploadFile("s.bin", "application/octet-stream", shared),
            new UploadFile("l.bin", "application/octet-stream", lonely));
        var kept = Assert.Single(await host.UploadAsync(user, new UploadFile("k.bin", "application/octet-stream", shared)));
        await host.SendWithAttachmentsAsync(user, server.TextChannelId, "kept", kept.Id);
        var staleIds = stale.Select(attachment => LongId(attachment.Id)).ToList();
        await host.ExecuteAsync(db => db.Attachments.Where(attachment => staleIds.Contains(attachment.Id))
            .ExecuteUpdateAsync(setters => setters.SetProperty(attachment => attachment.CreatedAt, DateTimeOffset.UtcNow.AddDays(-2))));

        await SweepAfterAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(0, await host.QueryAsync(db => db.Attachments.CountAsync(attachment => staleIds.Contains(attachment.Id))));
        Assert.DoesNotContain(host.StoredBlobs(), path => Path.GetFileName(path) == lonelyHash);
        Assert.Contains(host.StoredBlobs(), path => Path.GetFileName(path) == sharedHash);
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(stale[0].Url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(kept.Url)).StatusCode);
    }

    /// <summary>Runs a sweep once the files written so far are older than its start (file times are coarse on some systems).</summary>
    private async Task SweepAfterAsync(TimeSpan age)
    {
        await Task.Delay(age);
        await host.Services.GetRequiredService<AttachmentSweeper>().SweepAsync(CancellationToken.None);
    }

    private async Task<HttpStatusCode> StatusAsync(TestUser? user, string path)
    {
        using var client = user is null ? host.CreateClient() : host.ClientFor(user.AccessToken);
        using var response = await client.GetAsync(path);
        return response.StatusCode;
    }
}





public sealed class AttachmentsSqliteApi() : ApiFixture(DatabaseKind.Sqlite, AttachmentsTests.Settings);

public sealed class AttachmentsPostgresApi() : ApiFixture(DatabaseKind.Postgres, AttachmentsTests.Settings);

public sealed class AttachmentsTestsOnSqlite(AttachmentsSqliteApi api) : AttachmentsTests(api.Host), IClassFixture<AttachmentsSqliteApi>;

public sealed class AttachmentsTestsOnPostgres(AttachmentsPostgresApi api) : AttachmentsTests(api.Host), IClassFixture<AttachmentsPostgresApi>;
