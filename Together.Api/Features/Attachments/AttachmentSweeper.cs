using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Together.Api.Data;

namespace Together.Api.Features.Attachments;

/// <summary>
/// Every <see cref="AttachmentOptions.SweepInterval"/>: deletes uploads never sent within
/// <see cref="AttachmentOptions.UnattachedLifetime"/>, then every stored file no attachment refers to (theirs, those
/// of deleted messages and users, leftovers of a crash between saving rows and committing files), and staging
/// files a crashed upload left.
/// </summary>
/// <remarks>
/// An upload of the very bytes of a file being swept saves its row before it commits the file, and committing
/// marks an existing file as just written; a file written after the sweep began is never deleted, which leaves only
/// the instant between that last check and the deletion itself.
/// </remarks>
public sealed partial class AttachmentSweeper(
    IServiceScopeFactory scopes,
    IAttachmentStore store,
    TimeProvider time,
    IOptions<AttachmentOptions> options,
    ILogger<AttachmentSweeper> logger) : BackgroundService
{
    private const int HashBatch = 500;

    /// <summary>Staging files older than this belong to no upload still running.</summary>
    private static readonly TimeSpan StagingLifetime = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The next round retries; a database that is briefly down must not stop the sweeping for good.
                LogSweepFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TogetherDbContext>();
        var expiredBefore = started - options.Value.UnattachedLifetime;
        var expired = await db.Attachments.Where(attachment => attachment.MessageId == null && attachment.CreatedAt < expiredBefore)
            .ExecuteDeleteAsync(cancellationToken);

        var deleted = 0;
        foreach (var batch in store.List().Where(blob => blob.LastWritten < started).Chunk(HashBatch))
        {
            var hashes = batch.Select(blob => blob.Hash).ToList();
            var referenced = (await db.Attachments.Where(attachment => hashes.Contains(attachment.ContentHash))
                .Select(attachment => attachment.ContentHash).Distinct().ToListAsync(cancellationToken)).ToHashSet();
            foreach (var blob in batch.Where(blob => !referenced.Contains(blob.Hash)))
            {
                if (store.LastWritten(blob.Hash) >= started)
                {
                    continue;
                }

                store.Delete(blob.Hash);
                deleted++;
            }
        }

        store.DeleteStaleStaging(started - StagingLifetime);
        if (expired > 0 || deleted > 0)
        {
            LogSwept(logger, expired, deleted);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Attachment sweep: {Expired} unsent uploads expired, {Deleted} unreferenced files deleted")]
    private static partial void LogSwept(ILogger logger, int expired, int deleted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Attachment sweep failed; retrying at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
