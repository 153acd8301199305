using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>A configured access-token key too weak to use stops startup instead of failing every request.</summary>
public sealed class SigningKeyStartupTests
{
    [Theory]
    [InlineData("c2hvcnQ=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("not base64 at all!")]
    public async Task A_signing_key_shorter_than_32_bytes_stops_startup_naming_the_key(string key)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() =>
            TogetherApiHost.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?> { ["Auth:SigningKey"] = key }));

        Assert.Contains("Auth:SigningKey", failure.Message, StringComparison.Ordinal);
        Assert.Contains("32", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_32_byte_signing_key_is_used()
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using var host = await TogetherApiHost.StartAsync(DatabaseKind.Sqlite, new Dictionary<string, string?> { ["Auth:SigningKey"] = key });

        var user = await host.RegisterAsync();
        using var me = await host.ClientFor(user.AccessToken).GetAsync("/api/users/@me");

        Assert.Equal(System.Net.HttpStatusCode.OK, me.StatusCode);
    }
}
