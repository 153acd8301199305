using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Together.Api.Data;
using Together.Api.Features.Auth.Passwords;
using Together.Tests.Infrastructure;

namespace Together.Tests.Cli;

/// <summary>The admin commands against a real database of each kind, through the real executable.</summary>
public abstract class AdminCliTests : IAsyncLifetime
{
    private readonly DatabaseKind _database;
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("together-cli-").FullName;
    private string? _connectionString;
    private CliRunner? _cli;

    protected AdminCliTests(DatabaseKind database) => _database = database;

    private CliRunner Cli => _cli!;

    public async Task InitializeAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["Together__DataDirectory"] = _dataDirectory,
            ["Auth__PasswordHashing__MemoryKiB"] = "256",
            ["Auth__PasswordHashing__Iterations"] = "1",
        };
        if (_database == DatabaseKind.Postgres)
        {
            _connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("cli");
            environment["ConnectionStrings__together"] = _connectionString;
        }

        _cli = new CliRunner(environment);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dataDirectory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Migrate_applies_the_migrations_once()
    {
        var first = await Cli.RunAsync(["migrate"]);
        var second = await Cli.RunAsync(["migrate"]);

        Assert.Equal(0, first.ExitCode);
        Assert.Contains($"Applied {MigrationCount()} migration(s).", first.Output, StringComparison.Ordinal);
        Assert.Contains(_database == DatabaseKind.Sqlite ? "SQLite file" : "PostgreSQL database", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("Already up to date.", second.Output, StringComparison.Ordinal);
    }

    private static int MigrationCount()
    {
        using var context = new SqliteDesignTimeFactory().CreateDbContext([]);
        return context.Database.GetMigrations().Count();
    }

    [Fact]
    public async Task An_operator_creates_promotes_lists_and_resets_a_user()
    {
        var created = await Cli.RunAsync(["admin", "create-user", "--username", "Operator", "--password", "first long passphrase", "--email", "op@example.com"]);
        Assert.True(created.ExitCode == 0, created.Error);
        Assert.Contains("Created user Operator", created.Output, StringComparison.Ordinal);

        var duplicate = await Cli.RunAsync(["admin", "create-user", "--username", "operator", "--password", "first long passphrase"]);
        Assert.Equal(5, duplicate.ExitCode);
        Assert.Contains("username is taken", duplicate.Error, StringComparison.Ordinal);

        var weak = await Cli.RunAsync(["admin", "create-user", "--username", "weakling", "--password", "password1"]);
        Assert.Equal(3, weak.ExitCode);
        Assert.Contains("password:", weak.Error, StringComparison.Ordinal);

        var promoted = await Cli.RunAsync(["admin", "make-admin", "--username", "OPERATOR"]);
        Assert.Equal(0, promoted.ExitCode);
        var listed = await Cli.RunAsync(["admin", "list-users"]);
        Assert.Equal(0, listed.ExitCode);
        var row = Assert.Single(listed.Output.Split('\n'), line => line.Contains("Operator", StringComparison.Ordinal));
        Assert.Contains(" yes ", row, StringComparison.Ordinal);
        Assert.Contains("op@example.com", row, StringComparison.Ordinal);
        Assert.Contains("1 of 1 user(s).", listed.Output, StringComparison.Ordinal);

        var reset = await Cli.RunAsync(["admin", "reset-password", "--username", "operator"], standardInput: "second long passphrase");
        Assert.True(reset.ExitCode == 0, reset.Error);
        using var hasher = new PasswordHasher(Options.Create(new PasswordHashingOptions { MemoryKiB = 256, Iterations = 1 }), new TestMeterFactory());
        var stored = await StoredHashAsync("operator");
        Assert.Equal(PasswordVerification.Succeeded, await hasher.VerifyAsync("second long passphrase", stored, CancellationToken.None));
        Assert.Equal(PasswordVerification.Failed, await hasher.VerifyAsync("first long passphrase", stored, CancellationToken.None));
    }

    [Fact]
    public async Task Commands_about_a_missing_user_fail_with_the_not_found_exit_code()
    {
        var promote = await Cli.RunAsync(["admin", "make-admin", "--username", "ghost"]);
        var reset = await Cli.RunAsync(["admin", "reset-password", "--username", "ghost", "--password", "some long passphrase"]);

        Assert.Equal(4, promote.ExitCode);
        Assert.Contains("The user 'ghost' was not found.", promote.Error, StringComparison.Ordinal);
        Assert.Equal(4, reset.ExitCode);
    }

    private async Task<string> StoredHashAsync(string normalizedUsername)
    {
        if (_database == DatabaseKind.Postgres)
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""SELECT "PasswordHash" FROM users WHERE "NormalizedUsername" = @name""", connection);
            command.Parameters.AddWithValue("name", normalizedUsername);
            return (string)(await command.ExecuteScalarAsync())!;
        }

        await using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dataDirectory, "together.db")};Pooling=false");
        await sqlite.OpenAsync();
        await using var query = sqlite.CreateCommand();
        query.CommandText = """SELECT "PasswordHash" FROM users WHERE "NormalizedUsername" = $name""";
        query.Parameters.AddWithValue("$name", normalizedUsername);
        return (string)(await query.ExecuteScalarAsync())!;
    }
}

public sealed class AdminCliTestsOnSqlite() : AdminCliTests(DatabaseKind.Sqlite);

public sealed class AdminCliTestsOnPostgres() : AdminCliTests(DatabaseKind.Postgres);
