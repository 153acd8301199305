using Together.Api.Features.Reactions;
using Together.Api.Features.ReadStates;
using Together.Api.Features.Search;
using Together.Api.Features.Typing;

namespace Together.Api.Features.Messages;

public static class MessagingExtensions
{
    /// <summary>Messages, search, mentions, reactions, read states and typing.</summary>
    public static IHostApplicationBuilder AddTogetherMessaging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<MessageService>();
        builder.Services.AddSingleton<MessageWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<MessageWriter>());
        builder.Services.AddScoped<MessageReader>();
        builder.Services.AddScoped<MessageSearch>();
        builder.Services.AddScoped<MentionResolver>();
        builder.Services.AddScoped<ReactionService>();
        builder.Services.AddScoped<ReadStateService>();
        builder.Services.AddScoped<TypingService>();
        builder.Services.AddSingleton<TypingLimiter>();
        return builder;
    }

    public static IEndpointRouteBuilder MapMessagingApi(this IEndpointRouteBuilder app)
    {
        app.MapMessagesApi();
        app.MapSearchApi();
        app.MapReactionsApi();
        app.MapReadStatesApi();
        app.MapTypingApi();
        return app;
    }
}
