using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Together.Api;
using Together.Api.Data;

namespace Together.Tests.Infrastructure;

/// <summary>
/// The real Api (its Program, its middleware, its database) on Kestrel at 127.0.0.1 with a free port, over a
/// fresh data directory and a fresh SQLite file or PostgreSQL database.
/// </summary>
public sealed class TogetherApiHost : IAsyncDisposable
{
    /// <summary>
    /// Argon2 at 256 KiB and one pass: hashing is not what most tests exercise, and OWASP cost (~50 ms per hash)
    /// would dominate the suite. The hasher's own tests use the real parameters.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> TestDefaults = new Dictionary<string, string?>
    {
        ["Auth:PasswordHashing:MemoryKiB"] = "256",
        ["Auth:PasswordHashing:Iterations"] = "1",
        ["Auth:RefreshReuseGrace"] = "00:00:01",
        ["Auth:RateLimits:LoginPerIp:PermitLimit"] = "100000",
        ["Auth:RateLimits:LoginFailuresPerAccountAndAddress:PermitLimit"] = "100000",
        ["Auth:RateLimits:LoginFailuresPerAccount:PermitLimit"] = "100000",
        ["Auth:RateLimits:RefreshPerIp:PermitLimit"] = "100000",
        ["Auth:RateLimits:RegisterPerIp:PermitLimit"] = "100000",
        ["Auth:RateLimits:RegisterPerAccount:PermitLimit"] = "100000",
        ["Invites:RateLimits:AcceptPerUser:PermitLimit"] = "100000",
        ["Invites:RateLimits:AcceptPerIp:PermitLimit"] = "100000",
        ["Invites:RateLimits:PreviewPerIp:PermitLimit"] = "100000",
        ["RateLimits:MessagesPerUser:PermitLimit"] = "100000",
        ["RateLimits:MessagesPerIp:PermitLimit"] = "100000",
        ["RateLimits:RestPerIp:PermitLimit"] = "100000",
        // The merged process hosts the media node: ephemeral ports, so parallel hosts never collide.
        ["Media:UdpPort"] = "0",
        ["Media:TcpPort"] = "0",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel"] = "Error",
    };

    private readonly Factory _factory;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly bool _ownsDataDirectory;
    private readonly Lazy<GatewayProbe> _probe;

    private TogetherApiHost(
        Factory factory, DatabaseKind database, string dataDirectory, Uri baseAddress,
        IReadOnlyDictionary<string, string?> settings, bool ownsDataDirectory)
    {
        _factory = factory;
        Database = database;
        DataDirectory = dataDirectory;
        BaseAddress = baseAddress;
        _settings = settings;
        _ownsDataDirectory = ownsDataDirectory;
        _probe = new Lazy<GatewayProbe>(() => new GatewayProbe(factory.Services.GetRequiredService<MassTransit.IBus>()));
    }

    public DatabaseKind Database { get; }

    public string DataDirectory { get; }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>Returns once the gateway has dispatched every event published before the call (<see cref="GatewayProbe"/>).</summary>
    public Task SettleGatewayAsync() => _probe.Value.SettleAsync();

    /// <summary>What another process (the admin CLI) needs in its environment to use this host's database.</summary>
    public IReadOnlyDictionary<string, string> DatabaseEnvironment => _settings.TryGetValue("ConnectionStrings:together", out var connection)
        && connection is not null
            ? new Dictionary<string, string> { ["ConnectionStrings__together"] = connection, ["Together__DataDirectory"] = DataDirectory }
            : new Dictionary<string, string> { ["Together__DataDirectory"] = DataDirectory, ["Database__Provider"] = "sqlite" };

    /// <summary>Every log entry of Warning and above the host wrote.</summary>
    public CapturedLogs Logs => _factory.Logs;

    public static async Task<TogetherApiHost> StartAsync(
        DatabaseKind database, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("together-test-").FullName;
        var all = new Dictionary<string, string?>(TestDefaults) { ["Together:DataDirectory"] = dataDirectory };
        if (database == DatabaseKind.Postgres)
        {
            var server = await PostgresServer.GetAsync();
            all["ConnectionStrings:together"] = await server.CreateDatabaseAsync("together");
        }
        else
        {
            all["Database:Provider"] = "sqlite";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        try
        {
            return Start(database, dataDirectory, all, ownsDataDirectory: true);
        }
        catch
        {
            Directory.Delete(dataDirectory, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Another Api process on the same database, data directory (so the same signing keys) and bus: a replica, as
    /// the AppHost runs two.
    /// </summary>
    public TogetherApiHost StartReplica() => Start(Database, DataDirectory, _settings, ownsDataDirectory: false);

    private static TogetherApiHost Start(
        DatabaseKind database, string dataDirectory, IReadOnlyDictionary<string, string?> settings, bool ownsDataDirectory)
    {
        var factory = new Factory(settings);
        // The port comes from the "urls" setting (127.0.0.1:0), not UseKestrel(port), which would replace every
        // address, Together:ManagementUrls included.
        factory.UseKestrel();
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TogetherApiHost(factory, database, dataDirectory,
            new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), settings, ownsDataDirectory);
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>
    /// A client whose connections come from <paramref name="localAddress"/> (any of 127.0.0.0/8 on Linux), so the
    /// server sees a different client address, as another machine would be seen.
    /// </summary>
    public HttpClient CreateClient(IPAddress localAddress)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(localAddress, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task<T> QueryAsync<T>(Func<TogetherDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TogetherDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        if (!_ownsDataDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pooled connection; the OS temp cleaner takes it.
        }
    }

    private sealed class Factory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<ApiAssembly>
    {
        public CapturedLogs Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.ConfigureLogging(logging => logging.AddProvider(Logs));
            builder.UseSetting("urls", "http://127.0.0.1:0");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
