using System.Collections.Concurrent;
using MassTransit;
using Together.Api.Features.Auth;

namespace Together.Tests.Infrastructure;

/// <summary>
/// Knows when a host's gateway has dispatched everything published so far. Features publish after they answer, so
/// the events of a request can still be on the bus when a test opens its next connection, which then hears them
/// too. The gateway's endpoint takes one message at a time in publish order: once a probe published now has been
/// consumed there, every earlier event has been dispatched. The probe ends a session of a user that cannot exist.
/// </summary>
public sealed class GatewayProbe : IConsumeObserver
{
    private const string Reason = "test-probe";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly IBus _bus;
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _waiting = new();
    private long _sent;

    public GatewayProbe(IBus bus)
    {
        _bus = bus;
        bus.ConnectConsumeObserver(this);
    }

    public async Task SettleAsync()
    {
        var probe = Interlocked.Increment(ref _sent);
        var consumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[probe] = consumed;
        await _bus.Publish(new SessionsEnded(UserId: -1, SessionIds: [probe], Reason));
        await consumed.Task.WaitAsync(Timeout);
    }

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.Message is SessionsEnded { Reason: Reason, SessionIds: [var probe] } && _waiting.TryRemove(probe, out var consumed))
        {
            consumed.TrySetResult();
        }

        return Task.CompletedTask;
    }

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
