using Microsoft.Extensions.Hosting;

namespace Together.MediaNode.Sfu;

/// <summary>Drives the rooms' timers (speaking timeouts, empty-room cleanup) ten times a second.</summary>
public sealed class SfuTicker(SfuRooms rooms, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                rooms.Tick();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
