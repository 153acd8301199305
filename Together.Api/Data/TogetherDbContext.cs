using Microsoft.EntityFrameworkCore;
using Together.Api.Data.Configurations;
using Together.Api.Domain;

namespace Together.Api.Data;

/// <summary>
/// The one model of Together. Each provider has a derived context (<see cref="SqliteTogetherDbContext"/>,
/// <see cref="PostgresTogetherDbContext"/>) that owns its migration set; every model change adds a migration to
/// BOTH, from the repository root:
/// <code>
/// dotnet tool restore
/// dotnet ef migrations add NAME --project Together.Api --context SqliteTogetherDbContext --output-dir Data/Migrations/Sqlite
/// dotnet ef migrations add NAME --project Together.Api --context PostgresTogetherDbContext --output-dir Data/Migrations/Postgres
/// </code>
/// A test fails when either set lacks a model change.
/// </summary>
public abstract class TogetherDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Listed rather than scanned: startup time matters, and the list shows what the model holds.
        modelBuilder.ApplyConfiguration(new UserConfiguration());
        modelBuilder.ApplyConfiguration(new SessionConfiguration());
        modelBuilder.ApplyConfiguration(new RefreshTokenConfiguration());
    }
}
