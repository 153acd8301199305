using Together.Api.Features.AuditLog;
using Together.Api.Features.Invites;

namespace Together.Api.Features.Members;

public static class MembersExtensions
{
    /// <summary>Members, bans, invites and the audit log's API.</summary>
    public static IHostApplicationBuilder AddTogetherMembers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InviteRateLimitOptions>().BindConfiguration(InviteRateLimitOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<InviteLimiter>();
        builder.Services.AddScoped<MemberService>();
        builder.Services.AddScoped<BanService>();
        builder.Services.AddScoped<InviteService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapTogetherMembers(this IEndpointRouteBuilder app)
    {
        app.MapMembersApi();
        app.MapInvitesApi();
        app.MapAuditLogApi();
        return app;
    }
}
