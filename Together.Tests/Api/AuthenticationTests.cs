using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Together.Api.Features.Auth.Tokens;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>Every endpoint that needs a signed-in user refuses a missing, expired, forged or malformed token.</summary>
public abstract class AuthenticationTests(TogetherApiHost host)
{
    public static TheoryData<string, string> ProtectedEndpoints => new()
    {
        { "GET", "/api/users/@me" },
        { "PATCH", "/api/users/@me" },
        { "GET", "/api/users/1" },
        { "POST", "/api/auth/logout" },
        { "GET", "/api/auth/sessions" },
        { "DELETE", "/api/auth/sessions/1" },
        { "DELETE", "/api/auth/sessions" },
    };

    [Theory]
    [MemberData(nameof(ProtectedEndpoints))]
    public async Task Without_a_token_the_answer_is_401_unauthorized(string method, string path)
    {
        using var client = host.CreateClient();

        using var response = await client.SendAsync(Request(method, path));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [MemberData(nameof(ProtectedEndpoints))]
    public async Task With_an_expired_token_the_answer_is_401_token_expired(string method, string path)
    {
        var user = await host.RegisterAsync();
        using var client = host.ClientFor(host.ExpiredTokenFor(user));

        using var response = await client.SendAsync(Request(method, path));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "token_expired");
        using var stillThere = await host.ClientFor(user.AccessToken).GetAsync("/api/auth/sessions");
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Fact]
    public async Task Forged_and_malformed_tokens_are_401_invalid_token()
    {
        var user = await host.RegisterAsync();
        var payload = user.AccessToken.Split('.')[1];
        var unsigned = $"{Base64Url("""{"alg":"none","typ":"JWT"}""")}.{payload}.";
        var otherKey = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "together",
            Audience = "together",
            Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["sub"] = user.Id, ["sid"] = "1" },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(new byte[64]), SecurityAlgorithms.HmacSha256),
        });

        foreach (var token in new[] { unsigned, otherKey, "garbage", user.AccessToken[..^4] + "AAAA" })
        {
            using var response = await host.ClientFor(token).GetAsync("/api/users/@me");
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        }
    }

    [Theory]
    [InlineData("alice", "1")]
    [InlineData("99999999999999999999", "1")]
    [InlineData("-5", "1")]
    [InlineData("0", "1")]
    [InlineData(" 1", "1")]
    [InlineData("1", "not-a-session")]
    [InlineData("1", null)]
    [InlineData(null, "1")]
    public async Task A_well_signed_token_whose_user_or_session_is_not_an_id_is_401_invalid_token(string? sub, string? sid)
    {
        var claims = new Dictionary<string, object>();
        if (sub is not null)
        {
            claims["sub"] = sub;
        }

        if (sid is not null)
        {
            claims["sid"] = sid;
        }

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "together",
            Audience = "together",
            Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = claims,
            SigningCredentials = new SigningCredentials(
                host.Services.GetRequiredService<JwtSigningKey>().Key, SecurityAlgorithms.HmacSha256),
        });

        using var response = await host.ClientFor(token).GetAsync("/api/users/@me");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method is "PATCH" ? new StringContent("{}", Encoding.UTF8, "application/json") : null,
    };

    private static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed class AuthenticationTestsOnSqlite(SqliteApi api) : AuthenticationTests(api.Host), IClassFixture<SqliteApi>;

public sealed class AuthenticationTestsOnPostgres(PostgresApi api) : AuthenticationTests(api.Host), IClassFixture<PostgresApi>;
