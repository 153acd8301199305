using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Together.MediaNode.Sfu;

namespace Together.MediaNode.Control;

/// <summary>
/// Sends the queued events to the <see cref="INodeReportSink"/> in order, a batch at a time, and a snapshot of every
/// room every <see cref="MediaNodeOptions.ReportInterval"/>. A report that fails is retried (with a growing pause)
/// before anything newer, so the Api never sees events out of order.
/// </summary>
public sealed partial class NodeReporter(
    NodeReportQueue queue,
    SfuRooms rooms,
    NodeIdentity identity,
    INodeReportSink sink,
    IOptions<MediaNodeOptions> options,
    TimeProvider time,
    ILogger<NodeReporter> logger) : BackgroundService
{
    public const int MaxEventsPerReport = 256;
    private static readonly TimeSpan MaxRetryPause = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ReportInterval;
        var nextSnapshot = time.GetUtcNow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = nextSnapshot - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    timeout.CancelAfter(wait);
                    try
                    {
                        await queue.Reader.WaitToReadAsync(timeout.Token);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                    }
                }

                var events = new List<NodeEvent>();
                while (events.Count < MaxEventsPerReport && queue.Reader.TryRead(out var item))
                {
                    events.Add(item);
                }

                IReadOnlyList<RoomSnapshot>? snapshot = null;
                if (time.GetUtcNow() >= nextSnapshot)
                {
                    // Taken after the events above were dequeued: anything it reflects was reported before it.
                    snapshot = Snapshot();
                    nextSnapshot = time.GetUtcNow() + interval;
                }

                if (events.Count > 0 || snapshot is not null)
                {
                    await DeliverAsync(new NodeReport(identity.Id, events, snapshot), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private RoomSnapshot[] Snapshot() =>
        rooms.All
            .Select(room => new RoomSnapshot(room.Id, room.Describe()
                .Select(p => new ParticipantSnapshot(p.UserId, p.State, p.Speaking)).ToArray()))
            .Where(room => room.Participants.Count > 0)
            .ToArray();

    private async Task DeliverAsync(NodeReport report, CancellationToken stoppingToken)
    {
        var pause = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await sink.DeliverAsync(report, stoppingToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogDeliveryFailed(ex, report.Events.Count, pause.TotalMilliseconds);
                await Task.Delay(pause, time, stoppingToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxRetryPause.Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Voice report of {Events} events did not reach the Api; retrying in {PauseMs} ms")]
    private partial void LogDeliveryFailed(Exception exception, int events, double pauseMs);
}
