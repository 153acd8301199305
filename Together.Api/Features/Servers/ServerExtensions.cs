namespace Together.Api.Features.Servers;

public static class ServerExtensions
{
    /// <summary>Servers, their channels and roles: the services the endpoints and the gateway use.</summary>
    public static IHostApplicationBuilder AddTogetherServers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ServerService>();
        builder.Services.AddScoped<ServerStateReader>();
        return builder;
    }
}
