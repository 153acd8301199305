namespace Together.Tests.Infrastructure;

/// <summary>One Api host per test class, on the database the derived fixture names, with its settings if any.</summary>
public abstract class ApiFixture(DatabaseKind database, IReadOnlyDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    private TogetherApiHost? _host;

    public TogetherApiHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => _host = await TogetherApiHost.StartAsync(database, settings);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

public sealed class SqliteApi() : ApiFixture(DatabaseKind.Sqlite);

public sealed class PostgresApi() : ApiFixture(DatabaseKind.Postgres);
