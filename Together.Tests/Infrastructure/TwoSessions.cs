using Together.Api.Features.Auth;

namespace Together.Tests.Infrastructure;

/// <summary>One user signed in twice (<see cref="First"/> by registering, <see cref="Second"/> by logging in), each session with a gateway connection.</summary>
public sealed class TwoSessions : IAsyncDisposable
{
    private TwoSessions(TestUser user, AuthResponse second, GatewayTestClient onFirst, GatewayTestClient onSecond)
    {
        User = user;
        Second = second;
        OnFirst = onFirst;
        OnSecond = onSecond;
    }

    public TestUser User { get; }

    public AuthResponse First => User.Auth;

    public AuthResponse Second { get; }

    public GatewayTestClient OnFirst { get; }

    public GatewayTestClient OnSecond { get; }

    /// <summary>Signs in through <paramref name="host"/>; the connections go to <paramref name="gateway"/> (another replica) when given.</summary>
    public static async Task<TwoSessions> ConnectAsync(TogetherApiHost host, TogetherApiHost? gateway = null)
    {
        var user = await host.RegisterAsync();
        var second = await host.LoginAsync(user.Username, user.Password);
        var gatewayAddress = (gateway ?? host).BaseAddress;
        var onFirst = await GatewayTestClient.ConnectAsync(gatewayAddress, user.AccessToken);
        var onSecond = await GatewayTestClient.ConnectAsync(gatewayAddress, second.AccessToken);
        return new TwoSessions(user, second, onFirst, onSecond);
    }

    public async ValueTask DisposeAsync()
    {
        await OnFirst.DisposeAsync();
        await OnSecond.DisposeAsync();
    }
}
