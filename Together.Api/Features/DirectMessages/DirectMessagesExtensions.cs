using Together.Api.Features.Blocks;
using Together.Api.Features.NotificationSettings;

namespace Together.Api.Features.DirectMessages;

public static class DirectMessagesExtensions
{
    /// <summary>DMs and group DMs, blocks, and notification settings: what a user decides about who reaches them.</summary>
    public static IHostApplicationBuilder AddTogetherDirectMessages(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PrivateChannelService>();
        builder.Services.AddScoped<NotificationSettingService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapTogetherDirectMessages(this IEndpointRouteBuilder app)
    {
        app.MapDirectMessagesApi();
        app.MapBlocksApi();
        app.MapNotificationSettingsApi();
        return app;
    }
}
