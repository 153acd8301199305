using MassTransit;
using Together.Api.Features.Channels;
using Together.Api.Features.Members;
using Together.Api.Features.Roles;

namespace Together.Api.Features.Voice;

/// <summary>
/// Permission changes reach voice at once: a role or overwrite change re-checks everyone in the server's voice
/// channels, a member's change (roles, timeout) or removal (left, kicked, banned) re-checks that member.
/// </summary>
public sealed class VoicePermissionsConsumer(VoiceStateService voice)
    : IConsumer<RolesChanged>, IConsumer<ChannelsChanged>, IConsumer<MemberUpdated>, IConsumer<MemberRemoved>
{
    public Task Consume(ConsumeContext<RolesChanged> context) =>
        voice.ReevaluateAsync(context.Message.ServerId, null, context.CancellationToken);

    public Task Consume(ConsumeContext<ChannelsChanged> context) =>
        voice.ReevaluateAsync(context.Message.ServerId, null, context.CancellationToken);

    public Task Consume(ConsumeContext<MemberUpdated> context) =>
        voice.ReevaluateAsync(context.Message.ServerId, long.Parse(context.Message.Member.User.Id, System.Globalization.CultureInfo.InvariantCulture),
            context.CancellationToken);

    public Task Consume(ConsumeContext<MemberRemoved> context) =>
        voice.ReevaluateAsync(context.Message.ServerId, context.Message.UserId, context.CancellationToken);
}
