using Together.Api.Features.Reactions;
using Together.Api.Features.ReadStates;

namespace Together.Api.Features.Messages;

public static class MessagingExtensions
{
    /// <summary>Messages, mentions, reactions and read states.</summary>
    public static IHostApplicationBuilder AddTogetherMessaging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<MessageService>();
        builder.Services.AddScoped<MessageReader>();
        builder.Services.AddScoped<MentionResolver>();
        builder.Services.AddScoped<ReactionService>();
        builder.Services.AddScoped<ReadStateService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapMessagingApi(this IEndpointRouteBuilder app)
    {
        app.MapMessagesApi();
        app.MapReactionsApi();
        app.MapReadStatesApi();
        return app;
    }
}
