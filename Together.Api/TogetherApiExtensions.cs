using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.Attachments;
using Together.Api.Features.Auth;
using Together.Api.Features.Channels;
using Together.Api.Features.DirectMessages;
using Together.Api.Features.Instance;
using Together.Api.Features.Members;
using Together.Api.Features.Messages;
using Together.Api.Features.Roles;
using Together.Api.Features.Servers;
using Together.Api.Features.Users;
using Together.Api.Features.Voice;
using Together.Api.Gateway;
using Together.Api.Infrastructure;
using Together.Api.Infrastructure.Bus;
using Together.Api.Infrastructure.RateLimiting;
using Together.Api.Permissions;
using Together.ServiceDefaults;

namespace Together.Api;

/// <summary>The Api module's entry points: what the merged host and a standalone Api host both call.</summary>
public static class TogetherApiExtensions
{
    public static IHostApplicationBuilder AddTogetherApi(this IHostApplicationBuilder builder)
    {
        builder.AddTogetherCore(migrateOnStartup: true);
        builder.AddTogetherAuth();
        builder.AddTogetherBus();
        builder.AddTogetherGateway();
        builder.AddTogetherServers();
        builder.AddTogetherMessaging();
        builder.AddTogetherAttachments();
        builder.AddTogetherDirectMessages();
        builder.AddTogetherVoice();
        builder.AddTogetherMembers();
        builder.Services.AddTogetherProblemDetails();
        builder.Services.AddValidation();
        builder.Services.AddTogetherOpenApi();
        builder.Services.AddTogetherForwardedHeaders();
        builder.Services.AddTogetherRateLimits();
        return builder;
    }

    /// <summary>What the web host and the admin CLI share: options, ids, the database, accounts.</summary>
    public static IHostApplicationBuilder AddTogetherCore(this IHostApplicationBuilder builder, bool migrateOnStartup)
    {
        builder.Services.AddOptions<TogetherOptions>().BindConfiguration(TogetherOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SnowflakeGenerator>();
        builder.AddTogetherDatabase(migrateOnStartup);
        builder.Services.AddTogetherPermissions();
        return builder;
    }

    public static WebApplication MapTogetherApi(this WebApplication app)
    {
        app.UseTogetherForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAuthenticatedRequestLimit();

        app.MapInstanceApi();
        app.MapAuthApi();
        app.MapUsersApi();
        app.MapServersApi();
        app.MapChannelsApi();
        app.MapRolesApi();
        app.MapTogetherMembers();
        app.MapMessagingApi();
        app.MapAttachmentsApi();
        app.MapTogetherDirectMessages();
        app.MapTogetherGateway();
        app.MapTogetherVoice();
        app.MapTogetherOpenApi();

        var webClient = WebClientExtensions.FindWebClient(app.Services);
        app.MapWebClient(webClient);
        app.LogWhereOnStart(webClient);
        return app;
    }
}
