using System.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace Together.Api.Data;

/// <summary>
/// Brings the database to the latest migration. Runs at startup (as a hosted service, before the server listens)
/// and from the <c>migrate</c> command. Which migrations are applied is asked with plain ADO.NET
/// (<see cref="DatabaseProbe"/>), so an up-to-date database costs one small query and EF Core is only started when
/// something is pending.
/// </summary>
public sealed partial class DatabaseMigrator(IServiceScopeFactory scopes, DatabaseProbe probe, ILogger<DatabaseMigrator> logger)
    : IHostedService
{
    public static readonly ActivitySource ActivitySource = new("Together.Api.Database");

    public Task StartAsync(CancellationToken cancellationToken) => MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <returns>The number of migrations applied.</returns>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        using var activity = ActivitySource.StartActivity("Migrate database");
        var applied = await probe.AppliedMigrationsAsync(cancellationToken);
        var pending = probe.KnownMigrations().Where(id => !applied.Contains(id)).ToList();
        activity?.SetTag("together.migrations.pending", pending.Count);
        if (pending.Count == 0)
        {
            LogUpToDate(logger, applied.Count);
            return 0;
        }

        var started = Stopwatch.GetTimestamp();
        LogApplying(logger, pending.Count, pending);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TogetherDbContext>();
        try
        {
            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(() => db.Database.MigrateAsync(cancellationToken));
        }
        catch (Exception exception)
        {
            activity?.AddException(exception);
            activity?.SetStatus(ActivityStatusCode.Error);
            LogFailed(logger, exception);
            throw;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        LogApplied(logger, pending.Count, elapsed.TotalMilliseconds);
        return pending.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database is up to date ({Applied} migrations applied)")]
    private static partial void LogUpToDate(ILogger logger, int applied);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migrations: {Migrations}")]
    private static partial void LogApplying(ILogger logger, int count, IEnumerable<string> migrations);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} migrations in {ElapsedMs:F0} ms")]
    private static partial void LogApplied(ILogger logger, int count, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Database migration failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
