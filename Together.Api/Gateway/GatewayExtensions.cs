using Microsoft.AspNetCore.SignalR;
using Together.Api.Features.Auth;
using Together.Api.Features.Presence;

namespace Together.Api.Gateway;

public static class GatewayExtensions
{
    public static IHostApplicationBuilder AddTogetherGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSignalR(options =>
        {
            // The first filter added runs outermost: the error filter turns every refusal into its hub error.
            options.AddFilter<GatewayErrorFilter>();
            options.AddFilter<GatewayLifetimeFilter>();
        }).AddMessagePackProtocol();
        builder.Services.AddSingleton<IHttpContextFactory>(services =>
            new GatewayTokenQuery(ActivatorUtilities.CreateInstance<DefaultHttpContextFactory>(services)));
        builder.Services.AddSingleton<GatewayConnections>();
        builder.Services.AddSingleton<PresenceTracker>();
        builder.Services.AddSingleton<IOnlineMembers>(services => services.GetRequiredService<PresenceTracker>());
        builder.Services.AddScoped<PresenceService>();
        builder.Services.AddSingleton<GatewayDispatcher>();
        builder.Services.AddScoped<ChannelVisibility>();
        return builder;
    }

    public static IEndpointRouteBuilder MapTogetherGateway(this IEndpointRouteBuilder app)
    {
        app.MapHub<GatewayHub>(AuthExtensions.GatewayPath);
        return app;
    }
}
