using Together.Api.Features.Auth.Tokens;
using Together.Api.Features.Presence;

namespace Together.Api.Gateway;

public sealed partial class GatewayHub
{
    /// <summary>Sets the status the user shows while online, on all their connections (docs/api.md, "Presence").</summary>
    public Task UpdatePresence(string status, CustomStatus? customStatus, PresenceService presenceService) =>
        presenceService.UpdateAsync(Context.User!.GetUserId(), status, customStatus, Context.ConnectionAborted);
}
