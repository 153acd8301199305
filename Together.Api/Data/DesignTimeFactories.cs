using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Together.Api.Data;

/// <summary>Lets <c>dotnet ef</c> build each provider's context without starting the host or a database.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteTogetherDbContext>
{
    public SqliteTogetherDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteTogetherDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresTogetherDbContext>
{
    public PostgresTogetherDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresTogetherDbContext>().UseNpgsql("Host=localhost;Database=together").Options);
}
