using System.Net;
using System.Net.Http.Json;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>What every response and the infrastructure endpoints promise, on each database.</summary>
public abstract class HostTests(TogetherApiHost host)
{
    [Fact]
    public async Task Health_is_ready_because_the_database_answers()
    {
        using var client = host.CreateClient();

        using var health = await client.GetAsync("/health");
        using var alive = await client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/health")]
    [InlineData("GET", "/metrics")]
    [InlineData("GET", "/openapi/v1.json")]
    [InlineData("GET", "/api/users/@me")]
    [InlineData("GET", "/api/no/such/thing")]
    [InlineData("PUT", "/api/auth/login")]
    [InlineData("POST", "/api/auth/login")]
    public async Task Every_response_says_nosniff(string method, string path)
    {
        using var client = host.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? JsonContent.Create(new { login = "x" }) : null,
        });

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Unknown_api_paths_and_wrong_methods_are_problem_details()
    {
        using var client = host.CreateClient();

        using var missing = await client.GetAsync("/api/no/such/thing");
        using var wrongMethod = await client.PutAsync("/api/auth/login", null);

        await missing.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await wrongMethod.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task The_api_reference_and_metrics_are_served()
    {
        using var client = host.CreateClient();

        using var reference = await client.GetAsync("/scalar/v1");
        using var metrics = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Equal("text/html", reference.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
    }
}

public sealed class HostTestsOnSqlite(SqliteApi api) : HostTests(api.Host), IClassFixture<SqliteApi>;

public sealed class HostTestsOnPostgres(PostgresApi api) : HostTests(api.Host), IClassFixture<PostgresApi>;
