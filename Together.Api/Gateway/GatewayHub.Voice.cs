using Together.Api.Domain;
using Together.Api.Features.Auth.Tokens;
using Together.Api.Features.Voice;

namespace Together.Api.Gateway;

public sealed partial class GatewayHub
{
    /// <summary>
    /// DESIGN §5's <c>UpdateVoiceState(channelId?, selfMute, selfDeaf)</c>: null leaves voice, the current channel
    /// sets the caller's own mute and deafen (applied by the media node, then announced as VOICE_STATE_UPDATE).
    /// </summary>
    public async Task UpdateVoiceState(string? channelId, bool selfMute, bool selfDeaf, VoiceStateService voice)
    {
        long? id = null;
        if (!string.IsNullOrEmpty(channelId))
        {
            id = Snowflake.TryParse(channelId, out var parsed) ? parsed : throw DomainException.NotFound("The channel");
        }

        await voice.UpdateSelfAsync(Context.User!.GetUserId(), id, selfMute, selfDeaf, Context.ConnectionAborted);
    }
}
