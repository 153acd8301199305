using Together.Api.Features.Channels;
using Together.Api.Features.Roles;

namespace Together.Api.Features.Servers;

public static class ServerExtensions
{
    /// <summary>Servers, their channels and roles: the services the endpoints and the gateway use.</summary>
    public static IHostApplicationBuilder AddTogetherServers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ServerIconOptions>().BindConfiguration(ServerIconOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ServerIconStore>();
        builder.Services.AddScoped<ServerService>();
        builder.Services.AddScoped<ServerStateReader>();
        builder.Services.AddScoped<ChannelService>();
        builder.Services.AddScoped<OverwriteService>();
        builder.Services.AddScoped<RoleService>();
        return builder;
    }
}
