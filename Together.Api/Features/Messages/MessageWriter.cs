using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Channel = System.Threading.Channels.Channel;
using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.Attachments;
using Together.Api.Features.ReadStates;
using Together.Api.Permissions;

namespace Together.Api.Features.Messages;

/// <summary>
/// Group commit for sends. Every send of this process goes through one queue; one loop takes whatever has arrived
/// (up to <see cref="MaxBatch"/>) and writes it in one transaction, so a burst costs one durable commit instead of one
/// each: the rate is no longer bounded by 1 / (commit latency), and sends to one channel no longer queue on its row
/// lock one commit at a time. Each send is answered only after its batch commits. A send the batch cannot take
/// (slowmode) fails alone before anything is written; should the batch fail, each of its sends is written again on
/// its own, so one bad send never fails the others. Ids are taken here, in commit order, so within a process a
/// message committed later always has the larger id (history paged with <c>after</c> never skips one).
/// </summary>
public sealed partial class MessageWriter : BackgroundService
{
    public const int MaxBatch = 256;
    public const string MeterName = "Together.Api.Messages";

    // Bounded: under overload, senders wait here (and the rate limits push back) rather than memory growing.
    private readonly Channel<PendingMessage> _queue = Channel.CreateBounded<PendingMessage>(
        new BoundedChannelOptions(4 * MaxBatch) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly IServiceScopeFactory _scopes;
    private readonly SnowflakeGenerator _ids;
    private readonly TimeProvider _time;
    private readonly ILogger<MessageWriter> _logger;
    private readonly Histogram<int> _batchSizes;
    private int _largestBatch;
    private int _writing;

    /// <param name="meterFactory">The host's, so two hosts in one process (tests, replicas) report their own writer.</param>
    public MessageWriter(
        IServiceScopeFactory scopes, SnowflakeGenerator ids, TimeProvider time, ILogger<MessageWriter> logger, IMeterFactory meterFactory)
    {
        _scopes = scopes;
        _ids = ids;
        _time = time;
        _logger = logger;
        var meter = meterFactory.Create(MeterName);
        _batchSizes = meter.CreateHistogram<int>("together.messages.commit_batch", "{message}",
            "Messages written by one commit: how many sends arriving together shared it");
        meter.CreateObservableGauge("together.messages.waiting", () => Waiting, "{message}", "Sends waiting for the writer");
    }

    /// <summary>Sends queued and not yet taken into a batch.</summary>
    public int Waiting => _queue.Reader.Count;

    /// <summary>Sends in the batch being written now.</summary>
    public int Writing => Volatile.Read(ref _writing);

    /// <summary>The most messages one commit has written.</summary>
    public int LargestBatch => Volatile.Read(ref _largestBatch);

    /// <summary>Queues the send; completes with the message once committed.</summary>
    public async Task<Message> WriteAsync(PendingMessage pending, CancellationToken cancellationToken)
    {
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Written;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Requests have drained by now (the server stops first): what is queued is written before the loop ends.
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingMessage>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            Volatile.Write(ref _writing, batch.Count);
            await WriteOrSplitAsync(batch);
            Volatile.Write(ref _writing, 0);
            batch.Clear();
        }
    }

    private async Task WriteOrSplitAsync(List<PendingMessage> batch)
    {
        try
        {
            await WriteBatchAsync(batch);
        }
        catch (Exception exception) when (batch.Count > 1)
        {
            LogBatchSplit(_logger, exception, batch.Count);
            foreach (var pending in batch.Where(pending => !pending.IsAnswered))
            {
                await WriteOrSplitAsync([pending]);
            }
        }
        catch (Exception exception)
        {
            batch[0].Fail(exception);
        }
    }

    private async Task WriteBatchAsync(List<PendingMessage> batch)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TogetherDbContext>();
        var attachments = scope.ServiceProvider.GetRequiredService<AttachmentService>();
        var readStates = scope.ServiceProvider.GetRequiredService<ReadStateService>();
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);

        var slowmode = new SlowmodeCheck(db, _time);
        var accepted = new List<(PendingMessage Pending, Message Message)>(batch.Count);
        foreach (var pending in batch.Where(pending => !pending.IsAnswered))
        {
            if (await slowmode.WaitFor(pending) is { } wait)
            {
                pending.Fail(new RateLimitedException(1, wait));
                continue;
            }

            accepted.Add((pending, pending.ToMessage(_ids.NewId())));
        }

        if (accepted.Count == 0)
        {
            return;
        }

        foreach (var channel in accepted.GroupBy(entry => entry.Message.ChannelId))
        {
            var newest = channel.Max(entry => entry.Message.Id);
            await db.Channels.Where(row => row.Id == channel.Key && (row.LastMessageId == null || row.LastMessageId < newest))
                .ExecuteUpdateAsync(setters => setters.SetProperty(row => row.LastMessageId, newest), CancellationToken.None);
        }

        var authorIds = accepted.Select(entry => entry.Message.AuthorId).Distinct().ToList();
        var authors = await db.Users.Where(user => authorIds.Contains(user.Id)).ToDictionaryAsync(user => user.Id, CancellationToken.None);
        foreach (var (_, message) in accepted)
        {
            message.Author = authors[message.AuthorId];
        }

        db.Messages.AddRange(accepted.Select(entry => entry.Message));
        await db.SaveChangesAsync(CancellationToken.None);
        foreach (var (pending, message) in accepted)
        {
            if (pending.AttachmentIds is { } files)
            {
                await attachments.AttachToMessageAsync(message.Id, message.AuthorId, files);
            }

            await readStates.RaiseMentionCountsAsync(message.ChannelId, pending.Notified, CancellationToken.None);
        }

        await transaction.CommitAsync(CancellationToken.None);
        _batchSizes.Record(accepted.Count);
        if (accepted.Count > _largestBatch)
        {
            _largestBatch = accepted.Count;
        }

        foreach (var (pending, message) in accepted)
        {
            pending.Complete(message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} messages failed; writing each on its own")]
    private static partial void LogBatchSplit(ILogger logger, Exception exception, int count);

    /// <summary>
    /// Slowmode within one batch: the sender's newest committed message, and their sends earlier in the same batch
    /// (not yet visible to a query). On PostgreSQL the channel's row is locked first, so concurrent writers (other
    /// replicas) are ordered and each sees the other's committed message.
    /// </summary>
    private sealed class SlowmodeCheck(TogetherDbContext db, TimeProvider time)
    {
        private readonly Dictionary<long, int> _seconds = [];
        private readonly HashSet<(long ChannelId, long AuthorId)> _inBatch = [];

        public async Task<TimeSpan?> WaitFor(PendingMessage pending)
        {
            var access = pending.Access;
            if (access.Has(Permission.ManageMessages) || access.Has(Permission.ManageChannels))
            {
                return null;
            }

            var seconds = await SecondsAsync(access.ChannelId);
            if (seconds <= 0)
            {
                return null;
            }

            if (!_inBatch.Add((access.ChannelId, pending.AuthorId)))
            {
                return TimeSpan.FromSeconds(seconds);
            }

            var previous = await db.Messages.Where(message => message.ChannelId == access.ChannelId && message.AuthorId == pending.AuthorId)
                .OrderByDescending(message => message.Id).Select(message => (DateTimeOffset?)message.CreatedAt)
                .FirstOrDefaultAsync(CancellationToken.None);
            var wait = previous is { } sentAt ? sentAt.AddSeconds(seconds) - time.GetUtcNow() : TimeSpan.Zero;
            if (wait <= TimeSpan.Zero)
            {
                return null;
            }

            _inBatch.Remove((access.ChannelId, pending.AuthorId));
            return wait;
        }

        private async Task<int> SecondsAsync(long channelId)
        {
            if (!_seconds.TryGetValue(channelId, out var seconds))
            {
                _seconds[channelId] = seconds = await db.Channels.Where(channel => channel.Id == channelId)
                    .Select(channel => channel.SlowmodeSeconds).SingleAsync(CancellationToken.None);
                if (seconds > 0)
                {
                    // A no-op update, only where slowmode applies: on PostgreSQL it takes the row lock, so the sender's
                    // message committed by another replica is seen below; on SQLite the transaction holds the writer's.
                    await db.Channels.Where(channel => channel.Id == channelId)
                        .ExecuteUpdateAsync(setters => setters.SetProperty(channel => channel.SlowmodeSeconds, channel => channel.SlowmodeSeconds), CancellationToken.None);
                }
            }

            return seconds;
        }
    }
}
