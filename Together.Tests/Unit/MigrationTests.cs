using Microsoft.EntityFrameworkCore;
using Together.Api.Data;

namespace Together.Tests.Unit;

/// <summary>Both migration sets must describe the model: add a migration to each when this fails.</summary>
public sealed class MigrationTests
{
    [Fact]
    public void The_SQLite_migrations_hold_every_model_change()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model has changes the SQLite migrations lack: dotnet ef migrations add NAME --project Together.Api " +
            "--context SqliteTogetherDbContext --output-dir Data/Migrations/Sqlite");
    }

    [Fact]
    public void The_PostgreSQL_migrations_hold_every_model_change()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model has changes the PostgreSQL migrations lack: dotnet ef migrations add NAME --project Together.Api " +
            "--context PostgresTogetherDbContext --output-dir Data/Migrations/Postgres");
    }

    [Fact]
    public void Both_sets_have_the_same_migrations_in_the_same_order()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var postgres = new PostgresDesignTimeFactory().CreateDbContext([]);

        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..]);

        Assert.Equal(Names(sqlite), Names(postgres));
        Assert.NotEmpty(Names(sqlite));
    }
}
