using System.Globalization;
using Microsoft.AspNetCore.SignalR;

// The floor the gateway is measured against (bench/gateway/run.sh): one SignalR hub at /gateway, one group that
// every connection joins, no authentication, no storage. POST /send {content, nonce} answers 201 and broadcasts an
// event shaped and sized like the product's MESSAGE_CREATE ({t, s, d}) through the group, which SignalR
// serialises once for all its members. GC and hosting settings are the Api's defaults, so the difference between
// the two is the product's own work.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSignalR();
var app = builder.Build();
app.MapHub<BroadcastHub>("/gateway");
var sequence = 0L;
app.MapPost("/send", async (SendRequest request, IHubContext<BroadcastHub> hub) =>
{
    var id = Interlocked.Increment(ref sequence).ToString(CultureInfo.InvariantCulture);
    var message = new BareMessage(id, "1000", "1001", new BareAuthor("42", "sender", "Sender", null), request.Content,
        DateTimeOffset.UtcNow, null, null, [], [], false, false, [], [], request.Nonce);
    await hub.Clients.Group(BroadcastHub.Group).SendAsync("event", new BareEvent("MESSAGE_CREATE", 0, message));
    return Results.Json(message, statusCode: StatusCodes.Status201Created);
});
app.MapGet("/health", () => "ok");
await app.RunAsync();

internal sealed class BroadcastHub : Hub
{
    public const string Group = "all";

    public override Task OnConnectedAsync() => Groups.AddToGroupAsync(Context.ConnectionId, Group);
}

internal sealed record SendRequest(string Content, string? Nonce);

internal sealed record BareEvent(string T, long S, BareMessage D);

internal sealed record BareAuthor(string Id, string Username, string DisplayName, string? Avatar);

internal sealed record BareMessage(
    string Id, string ChannelId, string ServerId, BareAuthor Author, string Content, DateTimeOffset CreatedAt,
    DateTimeOffset? EditedAt, string? ReplyTo, string[] Mentions, string[] MentionRoles, bool MentionEveryone,
    bool Pinned, object[] Reactions, object[] Attachments, string? Nonce);
