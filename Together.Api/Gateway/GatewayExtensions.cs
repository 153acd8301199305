using Together.Api.Features.Auth;

namespace Together.Api.Gateway;

public static class GatewayExtensions
{
    public static IHostApplicationBuilder AddTogetherGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSignalR().AddMessagePackProtocol();
        builder.Services.AddSingleton<GatewayConnections>();
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
