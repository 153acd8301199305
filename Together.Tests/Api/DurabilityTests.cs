using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Features.Auth;
using Together.Api.Features.Invites;
using Together.Api.Features.Messages;
using Together.Api.Features.Servers;
using Together.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Together.Tests.Api;

/// <summary>
/// The merged process killed with SIGKILL in the middle of a sustained send load from several clients, then started
/// again on the same data: every message that was acknowledged (201) is there with its exact content, and nothing
/// half-written is (each stored message's content is whole, its mentions are there, its channel points at the newest).
/// </summary>
public sealed class DurabilityTests(ITestOutputHelper output)
{
    private const int Clients = 6;
    private static readonly string ApiAssembly = Path.Combine(AppContext.BaseDirectory, "Together.Api.dll");

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task Kill_9_during_a_send_load_loses_no_acknowledged_message_and_leaves_none_half_written(DatabaseKind database)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("together-durability-").FullName;
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["Together__DataDirectory"] = dataDirectory,
                ["Logging__LogLevel__Default"] = "Warning",
            };
            foreach (var (key, value) in TogetherApiHost.TestDefaults)
            {
                environment[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
            }

            string? connectionString = null;
            if (database == DatabaseKind.Postgres)
            {
                connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("durability");
                environment["ConnectionStrings__together"] = connectionString;
            }
            else
            {
                environment["Database__Provider"] = "sqlite";
            }

            var baseAddress = new Uri($"http://127.0.0.1:{FreePorts.Tcp()}/");
            environment["Urls"] = baseAddress.ToString().TrimEnd('/');

            using var first = await ApiProcess.StartAsync(environment, baseAddress);
            var (channelId, users) = await SetUpAsync(baseAddress);

            // Each client sends back to back until its requests fail; the process is killed once the load is steady.
            var acknowledged = new ConcurrentDictionary<long, string>();
            var inFlightAtKill = 0;
            using var stop = new CancellationTokenSource();
            var load = users.Select((user, index) => Task.Run(async () =>
            {
                using var client = Client(baseAddress, user.AccessToken);
                for (var sequence = 0; !stop.IsCancellationRequested; sequence++)
                {
                    var content = Content(index, sequence, user.User.Id);
                    try
                    {
                        using var response = await client.PostAsJsonAsync($"/api/channels/{channelId}/messages", new { content });
                        if (response.StatusCode != HttpStatusCode.Created)
                        {
                            throw new InvalidOperationException($"Sending answered {(int)response.StatusCode}.");
                        }

                        var sent = (await response.Content.ReadFromJsonAsync<MessageDto>(ApiTestExtensions.Json))!;
                        acknowledged[long.Parse(sent.Id, CultureInfo.InvariantCulture)] = content;
                    }
                    catch (HttpRequestException)
                    {
                        // The process died under this request: it may or may not have committed, and was not acknowledged.
                        Interlocked.Increment(ref inFlightAtKill);
                        return;
                    }
                }
            })).ToList();

            var deadline = Stopwatch.StartNew();
            while (acknowledged.Count < 300 && deadline.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(50);
            }

            first.Kill();
            var acknowledgedAtKill = acknowledged.Count;
            await Task.WhenAll(load).WaitAsync(TimeSpan.FromSeconds(30));
            stop.Cancel();
            Assert.True(acknowledged.Count >= 50, $"Only {acknowledged.Count} messages were acknowledged before the kill.");

            using var second = await ApiProcess.StartAsync(environment, baseAddress);
            using (var reader = Client(baseAddress, users[0].AccessToken))
            using (var history = await reader.GetAsync($"/api/channels/{channelId}/messages?limit=100"))
            {
                Assert.Equal(HttpStatusCode.OK, history.StatusCode);
            }

            await using var db = Open(database, connectionString, dataDirectory);
            var channel = long.Parse(channelId, CultureInfo.InvariantCulture);
            var stored = await db.Messages.AsNoTracking().Where(message => message.ChannelId == channel)
                .ToDictionaryAsync(message => message.Id);
            var mentions = (await db.Mentions.AsNoTracking().Where(mention => stored.Keys.Contains(mention.MessageId)).ToListAsync())
                .ToLookup(mention => mention.MessageId);
            var lastMessageId = await db.Channels.Where(candidate => candidate.Id == channel).Select(candidate => candidate.LastMessageId).SingleAsync();

            output.WriteLine($"{database}: acknowledged {acknowledged.Count} ({acknowledgedAtKill} when the kill was sent), " +
                $"stored {stored.Count}, in flight at the kill {inFlightAtKill}, clients {Clients}");
            foreach (var (id, content) in acknowledged)
            {
                Assert.True(stored.TryGetValue(id, out var message), $"Acknowledged message {id} is lost.");
                Assert.Equal(content, message.Content);
                Assert.Null(message.DeletedAt);
            }

            // At most the requests cut off by the kill committed without being acknowledged.
            Assert.InRange(stored.Count - acknowledged.Count, 0, inFlightAtKill);
            foreach (var message in stored.Values)
            {
                Assert.True(IsWhole(message.Content), $"Message {message.Id} is not whole.");
                Assert.Equal([message.AuthorId], mentions[message.Id].Select(mention => mention.TargetId));
            }

            Assert.Equal(stored.Keys.Max(), lastMessageId);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>One server, its owner and the other clients as members (joined through an invite), and its text channel.</summary>
    private static async Task<(string ChannelId, List<AuthResponse> Users)> SetUpAsync(Uri baseAddress)
    {
        using var anonymous = new HttpClient { BaseAddress = baseAddress };
        var users = new List<AuthResponse>();
        for (var index = 0; index < Clients; index++)
        {
            using var registered = await anonymous.PostAsJsonAsync("/api/auth/register",
                new { username = ApiTestExtensions.NewUsername("load"), password = ApiTestExtensions.DefaultPassword });
            users.Add(await registered.ReadAsync<AuthResponse>(HttpStatusCode.Created));
        }

        using var owner = Client(baseAddress, users[0].AccessToken);
        using var created = await owner.PostAsJsonAsync("/api/servers", new { name = "Durability" });
        var server = await created.ReadAsync<ServerStateDto>(HttpStatusCode.Created);
        var channelId = server.Channels.First(channel => channel.Type == "text").Id;
        using var invited = await owner.PostAsJsonAsync($"/api/channels/{channelId}/invites", new { });
        var invite = await invited.ReadAsync<InviteDto>(HttpStatusCode.Created);
        foreach (var user in users.Skip(1))
        {
            using var client = Client(baseAddress, user.AccessToken);
            using var joined = await client.PostAsync($"/api/invites/{invite.Code}", null);
            Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        }

        return (channelId, users);
    }

    private static HttpClient Client(Uri baseAddress, string accessToken)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>
    /// "client:sequence:hash <@author> padding": 1–3 KB, whose hash covers everything after it, so a torn or
    /// truncated write shows. Mentioning the author stores one mention row with the message.
    /// </summary>
    private static string Content(int client, int sequence, string authorId)
    {
        var body = $"<@{authorId}> " + new string((char)('a' + (sequence % 26)), 1000 + (sequence * 37 % 2000));
        return $"{client}:{sequence}:{Hash(body)} {body}";
    }

    private static bool IsWhole(string content)
    {
        var space = content.IndexOf(' ', StringComparison.Ordinal);
        var header = space > 0 ? content[..space].Split(':') : [];
        return header.Length == 3 && header[2] == Hash(content[(space + 1)..]);
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    private static TogetherDbContext Open(DatabaseKind database, string? connectionString, string dataDirectory) =>
        database == DatabaseKind.Postgres
            ? new PostgresTogetherDbContext(new DbContextOptionsBuilder<PostgresTogetherDbContext>().UseNpgsql(connectionString).Options)
            : new SqliteTogetherDbContext(new DbContextOptionsBuilder<SqliteTogetherDbContext>()
                .UseSqlite($"Data Source={Path.Combine(dataDirectory, "together.db")}").Options);

    /// <summary>The merged process (<c>dotnet Together.Api.dll</c>), ready once <c>/health</c> answers 200.</summary>
    private sealed class ApiProcess : IDisposable
    {
        private readonly Process _process;

        private ApiProcess(Process process) => _process = process;

        public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string> environment, Uri baseAddress)
        {
            var startInfo = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetTempPath(),
            };
            startInfo.ArgumentList.Add(ApiAssembly);
            foreach (var (key, value) in environment)
            {
                startInfo.Environment[key] = value;
            }

            var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start the Api.");
            var errors = new StringBuilder();
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, line) =>
            {
                lock (errors)
                {
                    errors.AppendLine(line.Data);
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var api = new ApiProcess(process);
            using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                if (process.HasExited)
                {
                    break;
                }

                try
                {
                    using var health = await probe.GetAsync("/health");
                    if (health.IsSuccessStatusCode)
                    {
                        return api;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(100);
            }

            api.Dispose();
            lock (errors)
            {
                throw new InvalidOperationException($"The Api did not become healthy: {errors}");
            }
        }

        /// <summary>SIGKILL: no shutdown, no checkpoint, no flush beyond what each commit already did.</summary>
        public void Kill()
        {
            _process.Kill();
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
