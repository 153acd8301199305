using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Together.Api.Gateway;

namespace Together.Tests.Unit.Gateway;

/// <summary>
/// The hub's lifetime filter inside the error filter, as the hub runs them, without sockets: the window it closes (CONNECTION_CLOSE on its way out, the socket still
/// open) is too short to hit reliably over a real connection.
/// </summary>
public sealed class GatewayLifetimeFilterTests
{
    private readonly GatewayErrorFilter _errors = new();
    private readonly GatewayLifetimeFilter _lifetime = new();

    [Theory]
    [InlineData(nameof(GatewayHub.UpdatePresence), "session_revoked")]
    [InlineData(nameof(GatewayHub.StartTyping), "token_expired")]
    [InlineData(nameof(GatewayHub.Resume), "session_revoked")]
    public async Task A_connection_the_server_has_ended_refuses_every_method_with_the_close_code(string method, string code)
    {
        var (context, connection) = Connect();
        connection.End(code);
        var called = false;

        var refused = await Assert.ThrowsAsync<HubException>(async () =>
            await InvokeAsync(Invocation(context, method), _ => { called = true; return ValueTask.FromResult<object?>(null); }));

        Assert.StartsWith($"{code}: ", refused.Message, StringComparison.Ordinal);
        Assert.False(called);
    }

    [Fact]
    public async Task A_live_connection_reaches_the_method()
    {
        var (context, connection) = Connect();

        var result = await InvokeAsync(Invocation(context, nameof(GatewayHub.StartTyping)),
            _ => ValueTask.FromResult<object?>("typed"));

        Assert.Equal("typed", result);
        Assert.Null(connection.EndedWith);
    }

    private ValueTask<object?> InvokeAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> method) =>
        _errors.InvokeMethodAsync(invocation, inner => _lifetime.InvokeMethodAsync(inner, method));

    private static (CallerContext Context, GatewayConnection Connection) Connect()
    {
        var context = new CallerContext();
        var connection = new GatewayConnection(context, id: 1, userId: 2, sessionId: 3, bufferSize: 16);
        context.Items[GatewayHub.ConnectionKey] = connection;
        return (context, connection);
    }

    private static HubInvocationContext Invocation(HubCallerContext context, string method) =>
        new(context, new ServiceCollection().BuildServiceProvider(), new EmptyHub(), typeof(GatewayHub).GetMethod(method)!, []);

    private sealed class EmptyHub : Hub;

    private sealed class CallerContext : HubCallerContext
    {
        public override string ConnectionId => "connection";
        public override string? UserIdentifier => "2";
        public override ClaimsPrincipal? User => null;
        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();
        public override IFeatureCollection Features { get; } = new FeatureCollection();
        public override CancellationToken ConnectionAborted => CancellationToken.None;

        public override void Abort()
        {
        }
    }
}
