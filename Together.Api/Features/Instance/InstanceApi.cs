using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Together.Api.Features.Auth;
using Together.Api.Infrastructure;

namespace Together.Api.Features.Instance;

/// <summary>
/// What a client needs to know before anyone signs in: the instance's name, and whether it has any account yet (on
/// a fresh instance the web client offers to create the first one, which becomes the instance administrator).
/// </summary>
public static class InstanceApi
{
    public static RouteGroupBuilder MapInstanceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/instance").WithTags("Instance").AllowAnonymous();
        group.MapGet("/", GetInstanceAsync).WithSummary("The instance's name and whether any account exists yet");
        return group;
    }

    private static async Task<Ok<InstanceDto>> GetInstanceAsync(
        AccountService accounts, IOptions<TogetherOptions> options, CancellationToken cancellationToken) =>
        TypedResults.Ok(new InstanceDto(options.Value.InstanceName, await accounts.AnyExistAsync(cancellationToken)));
}

public sealed record InstanceDto(string Name, bool HasUsers);
