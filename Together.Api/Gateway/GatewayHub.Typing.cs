using Together.Api.Domain;
using Together.Api.Features.Auth.Tokens;
using Together.Api.Features.Typing;

namespace Together.Api.Gateway;

public sealed partial class GatewayHub
{
    /// <summary>The hub's twin of <c>POST /api/channels/{id}/typing</c>: same checks, same limits.</summary>
    public async Task StartTyping(string channelId, TypingService typing)
    {
        var id = Snowflake.TryParse(channelId, out var parsed) ? parsed : throw DomainException.NotFound("The channel");
        await typing.StartAsync(id, Context.User!.GetUserId(), Context.ConnectionAborted);
    }
}
