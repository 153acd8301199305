using Microsoft.AspNetCore.Http.HttpResults;
using Together.Api.Domain;
using Together.Api.Infrastructure;
using Together.Api.Permissions;

namespace Together.Api.Features.Voice;

public static class VoiceApi
{
    public static IEndpointRouteBuilder MapVoiceApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/channels/{id:long}/voice/join", JoinAsync)
            .WithTags("Voice")
            .WithSummary("Join a voice channel (CONNECT): a single-use voice token, the signalling URL and ICE servers")
            .RequireAuthorization()
            .RequireChannelPermission(Permission.Connect)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        app.MapPatch("/api/servers/{id:long}/voice-states/{userId:long}", ModerateAsync)
            .WithTags("Voice")
            .WithSummary("Server-mute (MUTE_MEMBERS), server-deafen (DEAFEN_MEMBERS), move or disconnect (MOVE_MEMBERS) a member")
            .WithJsonBodyLimit()
            .RequireAuthorization()
            .RequireServerPermission(Permission.None)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        app.MapPost("/api/admin/voice-doctor", RunDoctorAsync)
            .WithTags("Voice")
            .WithSummary("Run the voice doctor (as `Together.Api doctor`) from the origin the caller used: instance administrators only")
            .RequireAuthorization()
            .RequireInstanceAdmin()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<Ok<VoiceJoinResponse>> JoinAsync(
        HttpContext httpContext, VoiceJoinService voice, CancellationToken cancellationToken) =>
        TypedResults.Ok(await voice.JoinAsync(httpContext.GetChannelAccess(), cancellationToken));

    /// <summary>
    /// The doctor's own checks, run against the origin this request came through: where the administrator's browser
    /// reaches the installation is where everyone's does.
    /// </summary>
    private static async Task<Ok<VoiceDoctorReport>> RunDoctorAsync(
        HttpContext httpContext, IConfiguration configuration, IHostEnvironment environment, CancellationToken cancellationToken)
    {
        var origin = new Uri($"{httpContext.Request.Scheme}://{httpContext.Request.Host}");
        await using var output = new StringWriter();
        var exit = await new VoiceDoctor(configuration, environment.ContentRootPath, output)
            .RunAsync(origin, VoiceDoctor.DefaultStepTimeout, cancellationToken);
        return TypedResults.Ok(new VoiceDoctorReport(exit == 0, output.ToString()));
    }

    private static async Task<NoContent> ModerateAsync(
        long userId, UpdateVoiceStateRequest request, HttpContext httpContext, VoiceStateService voice, CancellationToken cancellationToken)
    {
        await voice.ModerateAsync(httpContext.GetServerAccess(), userId, request, cancellationToken);
        return TypedResults.NoContent();
    }
}
