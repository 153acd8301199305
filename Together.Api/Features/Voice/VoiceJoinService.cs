using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Permissions;
using Together.MediaNode.Signaling;

namespace Together.Api.Features.Voice;

/// <summary>
/// <c>POST /channels/{id}/voice/join</c>: CONNECT was checked by the route; here the channel must be a voice channel
/// with room (its user limit binds unless the caller has MOVE_MEMBERS), and the token's <c>speak</c> is SPEAK and no
/// moderator's mute (a timeout already removes CONNECT and SPEAK).
/// </summary>
public sealed class VoiceJoinService(
    TogetherDbContext db, VoiceTokenIssuer issuer, IceServers iceServers, IOptions<VoiceOptions> options)
{
    public async Task<VoiceJoinResponse> JoinAsync(ChannelAccess access, CancellationToken cancellationToken)
    {
        if (access.Channel.Type != ChannelType.Voice)
        {
            throw new DomainException(ErrorKind.Validation, ErrorCodes.NotVoiceChannel, "Only voice channels can be joined.");
        }

        var userId = access.ServerAccess.UserId;
        var limit = await db.Channels.AsNoTracking().Where(channel => channel.Id == access.ChannelId)
            .Select(channel => channel.UserLimit).SingleOrDefaultAsync(cancellationToken);
        if (limit is > 0 && !access.Has(Permission.MoveMembers)
            && await db.VoiceStates.CountAsync(
                state => state.ChannelId == access.ChannelId && state.UserId != userId, cancellationToken) >= limit)
        {
            throw DomainException.Conflict(ErrorCodes.VoiceChannelFull, $"This voice channel is full ({limit} people).");
        }

        var muted = await db.Members.AsNoTracking()
            .Where(member => member.ServerId == access.ServerId && member.UserId == userId)
            .Select(member => member.VoiceMuted).SingleOrDefaultAsync(cancellationToken);
        var token = issuer.Issue(
            Snowflake.Format(userId), Snowflake.Format(access.ChannelId), canSpeak: access.Has(Permission.Speak) && !muted);
        return new VoiceJoinResponse(token, options.Value.SignalingUrl, iceServers.For(userId));
    }
}
