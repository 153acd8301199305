using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Together.Api;
using Together.Api.Data;
using Together.Api.Domain;

// dotnet run -c Release --project bench/messaging/MessageBench -- <sqlite|postgres> <rows> [requests] [postgres connection string]
// Hosts the merged Api in this process on a fresh database, seeds <rows> messages into one channel straight through
// EF (ids with the timestamps of the last <rows> milliseconds before the run), then measures over HTTP on loopback:
// sending (POST /messages) and history pages of 50 (newest, and before a random id), sequentially and with 8
// concurrent clients.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: MessageBench <sqlite|postgres> <rows> [requests] [postgres connection string]");
    return 2;
}

var provider = args[0];
var rows = int.Parse(args[1], CultureInfo.InvariantCulture);
var requests = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
var dataDirectory = Directory.CreateTempSubdirectory("together-message-bench-").FullName;
var settings = new Dictionary<string, string?>
{
    ["Together:DataDirectory"] = dataDirectory,
    ["Database:Provider"] = provider,
    ["Urls"] = "http://127.0.0.1:0",
    ["Media:UdpPort"] = "0",
    ["Media:TcpPort"] = "0",
    ["Logging:LogLevel:Default"] = "Warning",
    ["Auth:PasswordHashing:MemoryKiB"] = "256",
    ["Auth:PasswordHashing:Iterations"] = "1",
    // One user sends everything from one address: lift the per-user limits (RateLimits:*) a real install keeps.
    ["RateLimits:MessagesPerUser:PermitLimit"] = "1000000",
    ["RateLimits:MessagesPerIp:PermitLimit"] = "1000000",
    ["RateLimits:RestPerIp:PermitLimit"] = "1000000",
};
if (provider == "postgres")
{
    settings["ConnectionStrings:together"] = args.Length > 3 ? args[3]
        : throw new ArgumentException("postgres needs a connection string (bench/messaging/run.sh starts a cluster)");
}

var builder = WebApplication.CreateBuilder();
builder.Configuration.AddInMemoryCollection(settings);
builder.AddServiceDefaults();
builder.AddTogetherApi();
await using var app = builder.Build();
app.MapDefaultEndpoints();
app.MapTogetherApi();
await app.StartAsync();
var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

try
{
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = address };
    using var register = await http.PostAsJsonAsync("/api/auth/register",
        new { username = "bench" + Random.Shared.Next(100_000, 999_999), password = "a long and uncommon passphrase" });
    var auth = await register.Content.ReadFromJsonAsync<JsonElement>();
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", auth.GetProperty("accessToken").GetString());
    var userId = long.Parse(auth.GetProperty("user").GetProperty("id").GetString()!, CultureInfo.InvariantCulture);
    using var created = await http.PostAsJsonAsync("/api/servers", new { name = "bench" });
    var server = await created.Content.ReadFromJsonAsync<JsonElement>();
    var channelId = server.GetProperty("channels").EnumerateArray().First(channel => channel.GetProperty("type").GetString() == "text")
        .GetProperty("id").GetString()!;

    var seeded = Stopwatch.StartNew();
    var ids = await SeedAsync(app.Services, long.Parse(channelId, CultureInfo.InvariantCulture), userId, rows);
    Console.WriteLine($"# {provider}, {rows:N0} messages seeded in {seeded.Elapsed.TotalSeconds:F1} s; {requests} requests per case");
    Console.WriteLine("| case | requests | clients | P50 ms | P99 ms | per second |");
    Console.WriteLine("|---|---|---|---|---|---|");

    var history = $"/api/channels/{channelId}/messages";
    await MeasureAsync("warm-up", requests / 10, 1, _ => http.GetAsync(history + "?limit=50"), print: false);
    foreach (var clients in new[] { 1, 8 })
    {
        await MeasureAsync("history, newest 50", requests, clients, _ => http.GetAsync(history + "?limit=50"));
        await MeasureAsync("history, 50 before a random id", requests, clients,
            _ => http.GetAsync($"{history}?limit=50&before={ids[Random.Shared.Next(ids.Count)]}"));
        await MeasureAsync("send (POST /messages)", requests, clients,
            index => http.PostAsJsonAsync(history, new { content = $"benchmark message {index}", nonce = index.ToString(CultureInfo.InvariantCulture) }));
    }
}
finally
{
    await app.StopAsync();
    Directory.Delete(dataDirectory, recursive: true);
}

return 0;

static async Task MeasureAsync(string name, int requests, int clients, Func<int, Task<HttpResponseMessage>> call, bool print = true)
{
    var latencies = new double[requests];
    var next = -1;
    var total = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
    {
        int index;
        while ((index = Interlocked.Increment(ref next)) < requests)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await call(index);
            await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    })));
    total.Stop();
    if (print)
    {
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {requests} | {clients} | {latencies[requests / 2]:F2} | {latencies[(int)(requests * 0.99)]:F2} | {requests / total.Elapsed.TotalSeconds:F0} |"));
    }
}

// Batches of 5,000 through a fresh context each, so tracking never grows; ids oldest first, one per millisecond.
static async Task<List<long>> SeedAsync(IServiceProvider services, long channelId, long authorId, int rows)
{
    const int batch = 5_000;
    var first = Snowflake.MillisecondsSinceEpoch(DateTimeOffset.UtcNow) - rows - 60_000;
    var ids = new List<long>(rows);
    for (var start = 0; start < rows; start += batch)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TogetherDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var index = start; index < Math.Min(rows, start + batch); index++)
        {
            var id = Snowflake.Compose(first + index, Snowflake.ImportWorkerId - 1, 0);
            ids.Add(id);
            db.Messages.Add(new Message
            {
                Id = id, ChannelId = channelId, AuthorId = authorId, Content = $"seeded message number {index} with some text",
                CreatedAt = Snowflake.CreatedAt(id),
            });
        }

        await db.SaveChangesAsync();
        if (start / batch % 20 == 0)
        {
            Console.Error.Write($"\rseeding {start + batch:N0} / {rows:N0}");
        }
    }

    Console.Error.WriteLine();
    await using (var scope = services.CreateAsyncScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<TogetherDbContext>();
        await db.Channels.Where(channel => channel.Id == channelId)
            .ExecuteUpdateAsync(setters => setters.SetProperty(channel => channel.LastMessageId, ids[^1]));
    }

    return ids;
}
