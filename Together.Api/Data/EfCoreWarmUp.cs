using Microsoft.EntityFrameworkCore;

namespace Together.Api.Data;

/// <summary>
/// Starts EF Core (its services, the model, one query) in the background once the server listens, so the first
/// real request does not pay for it and startup does not wait for it.
/// </summary>
public sealed partial class EfCoreWarmUp(
    IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, ILogger<EfCoreWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TogetherDbContext>();
            await db.Users.AsNoTracking().AnyAsync(stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Only a head start: the first request will meet the same problem and report it properly.
            LogWarmUpFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warming up EF Core failed")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception);
}
