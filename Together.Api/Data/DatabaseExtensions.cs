using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Together.Api.Infrastructure;
using Together.Api.Permissions;

namespace Together.Api.Data;

public static class DatabaseExtensions
{
    /// <summary>
    /// Registers <see cref="TogetherDbContext"/> for the configured provider, its readiness check, and the
    /// startup migrator when <paramref name="migrateOnStartup"/> (the web host; the CLI migrates on request).
    /// </summary>
    public static DatabaseSettings AddTogetherDatabase(this IHostApplicationBuilder builder, bool migrateOnStartup)
    {
        var dataDirectory = DataDirectory.Resolve(builder.Configuration, builder.Environment.ContentRootPath);
        var settings = DatabaseSettings.Resolve(builder.Configuration, dataDirectory);
        builder.Services.AddSingleton(dataDirectory);
        builder.Services.AddSingleton(settings);
        // Every context reports changes to what permissions are computed from (see PermissionSnapshotCache).
        builder.Services.AddSingleton<PermissionSnapshotCache>();
        builder.Services.AddSingleton<PermissionChangeInterceptor>();

        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            dataDirectory.EnsureExists();
            dataDirectory.EnsureOwnerOnlyFile(settings.SqliteFile!, settings.SqliteFile + "-wal", settings.SqliteFile + "-shm");
            // One for the process: it remembers which pooled native connections it has tuned.
            builder.Services.AddSingleton<SqlitePragmaInterceptor>();
            builder.Services.AddDbContext<SqliteTogetherDbContext>((services, options) => options
                .UseSqlite(settings.ConnectionString)
                .ConfigureWarnings(QuietExpectedWarnings)
                .AddInterceptors(services.GetRequiredService<SqlitePragmaInterceptor>(), services.GetRequiredService<PermissionChangeInterceptor>()));
            builder.Services.AddScoped<TogetherDbContext>(services => services.GetRequiredService<SqliteTogetherDbContext>());
            builder.Services.AddHostedService<SqliteCheckpointService>();
        }
        else
        {
            builder.Services.AddDbContext<PostgresTogetherDbContext>((services, options) => options
                .UseNpgsql(settings.ConnectionString)
                .ConfigureWarnings(QuietExpectedWarnings)
                .AddInterceptors(services.GetRequiredService<PermissionChangeInterceptor>()));
            builder.Services.AddScoped<TogetherDbContext>(services => services.GetRequiredService<PostgresTogetherDbContext>());
        }

        builder.Services.AddSingleton<DatabaseProbe>();
        builder.Services.AddSingleton<DatabaseMigrator>();
        if (migrateOnStartup)
        {
            builder.Services.AddHostedService(services => services.GetRequiredService<DatabaseMigrator>());
            builder.Services.AddHostedService<EfCoreWarmUp>();
        }

        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Microsoft.Extensions.Hosting.Extensions.ReadyTag]);
        return settings;
    }

    /// <summary>
    /// Search counts matches up to a cap with <c>Take</c> and no <c>OrderBy</c> on purpose (the count stops at the cap
    /// instead of sorting every match); EF would warn about it on every search. Debug, so it stays findable.
    /// </summary>
    private static void QuietExpectedWarnings(WarningsConfigurationBuilder warnings) =>
        warnings.Log((CoreEventId.RowLimitingOperationWithoutOrderByWarning, LogLevel.Debug));
}
