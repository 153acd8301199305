using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Together.Api.Domain;
using Together.Api.Features.Auth;
using Together.Api.Features.Auth.Tokens;

namespace Together.Tests.Infrastructure;

public sealed record TestUser(string Username, string Password, AuthResponse Auth)
{
    public string Id => Auth.User.Id;

    public string AccessToken => Auth.AccessToken;

    public string RefreshToken => Auth.RefreshToken;
}

/// <summary>Intent-named helpers over real HTTP, and assertions on what a client sees.</summary>
public static class ApiTestExtensions
{
    public const string DefaultPassword = "a long and uncommon passphrase";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string NewUsername(string prefix = "user") => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(32, prefix.Length + 13)];

    public static async Task<TestUser> RegisterAsync(
        this TogetherApiHost host, string? username = null, string? email = null, string password = DefaultPassword)
    {
        username ??= NewUsername();
        using var client = host.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/register", new { username, password, email });
        var auth = await response.ReadAsync<AuthResponse>(HttpStatusCode.Created);
        return new TestUser(username, password, auth);
    }

    public static async Task<AuthResponse> LoginAsync(this TogetherApiHost host, string login, string password)
    {
        using var client = host.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { login, password });
        return await response.ReadAsync<AuthResponse>(HttpStatusCode.OK);
    }

    public static HttpClient ClientFor(this TogetherApiHost host, string accessToken)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>An access token for a real user and session that expired an hour ago, signed with the real key.</summary>
    public static string ExpiredTokenFor(this TogetherApiHost host, TestUser user)
    {
        var issuer = host.Services.GetRequiredService<AccessTokenIssuer>();
        var sessionId = long.Parse(user.Auth.SessionId(), System.Globalization.CultureInfo.InvariantCulture);
        var entity = new User
        {
            Id = long.Parse(user.Id, System.Globalization.CultureInfo.InvariantCulture),
            Username = user.Username,
            NormalizedUsername = user.Username.ToLowerInvariant(),
            PasswordHash = "",
        };
        return issuer.Issue(entity, sessionId, DateTimeOffset.UtcNow.AddHours(-2));
    }

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, Json) ?? throw new InvalidOperationException("Empty body.");
    }

    /// <summary>Asserts an RFC 9457 problem with the given status and stable code; returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        return problem;
    }

    public static async Task<JsonElement> AssertValidationProblemAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem.GetProperty("errors");
        foreach (var field in fields)
        {
            Assert.True(errors.TryGetProperty(field, out _), $"No error for '{field}' in {errors}");
        }

        return problem;
    }

    /// <summary>A claim of the access token, read from its payload (the signature is the server's business).</summary>
    public static JsonElement AccessTokenClaim(this AuthResponse auth, string claim)
    {
        var payload = auth.AccessToken.Split('.')[1];
        var padded = payload.Replace('-', '+').Replace('_', '/').PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        using var json = JsonDocument.Parse(Convert.FromBase64String(padded));
        return json.RootElement.GetProperty(claim).Clone();
    }

    /// <summary>The id of the session the access token belongs to, as the API writes ids.</summary>
    public static string SessionId(this AuthResponse auth) => auth.AccessTokenClaim("sid").GetString()!;
}
