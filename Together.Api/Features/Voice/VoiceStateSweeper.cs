using Microsoft.Extensions.Options;

namespace Together.Api.Features.Voice;

/// <summary>Every report interval, removes the voice states of media nodes that went silent (crashed, cut off, replaced).</summary>
public sealed partial class VoiceStateSweeper(
    IServiceScopeFactory scopes, IOptions<VoiceOptions> options, TimeProvider time, ILogger<VoiceStateSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReportInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<VoiceStateService>().SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may be away for a moment: the next tick tries again.
                LogSweepFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping stale voice states failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
