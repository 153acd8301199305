using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Together.Api;

// dotnet run -c Release --project bench/messaging/MessageBench -- <sqlite|postgres> <rows[,rows...]> [requests] [postgres connection string]
// Hosts the merged Api in this process on a fresh database and, for each row count in turn, seeds the channel up to
// that many messages in bulk (Seeder: COPY on PostgreSQL, prepared inserts on SQLite), then measures over HTTP on
// loopback: history pages of 50 (newest, and before a random seeded id), sending (POST /messages), and search for
// one word (GET /servers/{id}/messages/search, once the Api has it), sequentially and with 8 concurrent clients; then
// sending with 64 concurrent clients (the rate group commit allows).
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: MessageBench <sqlite|postgres> <rows> [requests] [postgres connection string]");
    return 2;
}

var provider = args[0];
var steps = args[1].Split(',').Select(step => long.Parse(step, CultureInfo.InvariantCulture)).ToList();
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

    var seeder = new Seeder(app.Services, long.Parse(channelId, CultureInfo.InvariantCulture), userId, steps.Max());
    var history = $"/api/channels/{channelId}/messages";
    var search = $"/api/servers/{server.GetProperty("id").GetString()}/messages/search";
    var seededRows = 0L;
    foreach (var rows in steps)
    {
        var seeded = Stopwatch.StartNew();
        await seeder.SeedAsync(seededRows, rows);
        seededRows = rows;
        Console.WriteLine();
        Console.WriteLine($"# {provider}, {rows:N0} messages seeded ({seeded.Elapsed.TotalSeconds:F1} s for this step); {requests} requests per case; "
            + $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine("| case | requests | clients | P50 ms | P99 ms | per second |");
        Console.WriteLine("|---|---|---|---|---|---|");
        await MeasureAsync("warm-up", requests / 10, 1, _ => http.GetAsync(history + "?limit=50"), print: false);
        using var probe = await http.GetAsync($"{search}?q={Seeder.Word(1)}");
        var searchable = probe.StatusCode != System.Net.HttpStatusCode.NotFound;
        foreach (var clients in new[] { 1, 8 })
        {
            await MeasureAsync("history, newest 50", requests, clients, _ => http.GetAsync(history + "?limit=50"));
            await MeasureAsync("history, 50 before a random id", requests, clients,
                _ => http.GetAsync($"{history}?limit=50&before={seeder.IdAt(Random.Shared.NextInt64(rows))}"));
            await MeasureAsync("send (POST /messages)", requests, clients,
                index => http.PostAsJsonAsync(history, new { content = $"benchmark message {index}", nonce = index.ToString(CultureInfo.InvariantCulture) }));
            if (searchable)
            {
                await MeasureAsync("search, one word (~0.5 % of messages)", requests, clients,
                    _ => http.GetAsync($"{search}?q={Seeder.Word(Random.Shared.Next(Seeder.Vocabulary))}"), percentile: 0.95);
            }
        }

        // Many senders at once, as a busy community is: what group commit is for.
        await MeasureAsync("send (POST /messages)", requests * 4, 64,
            index => http.PostAsJsonAsync(history, new { content = $"benchmark message {index}", nonce = index.ToString(CultureInfo.InvariantCulture) }));
        if (!searchable)
        {
            Console.WriteLine("(search: the Api answered 404, not on this build)");
        }
    }
}
finally
{
    await app.StopAsync();
    Directory.Delete(dataDirectory, recursive: true);
}

return 0;

static async Task MeasureAsync(string name, int requests, int clients, Func<int, Task<HttpResponseMessage>> call, bool print = true,
    double percentile = 0.99)
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
            $"| {name} | {requests} | {clients} | {latencies[requests / 2]:F2} | {latencies[(int)(requests * percentile)]:F2}{(percentile == 0.99 ? "" : $" (P{percentile * 100:F0})")} | {requests / total.Elapsed.TotalSeconds:F0} |"));
    }
}
