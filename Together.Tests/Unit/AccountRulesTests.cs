using Together.Api.Features.Auth.Passwords;
using Together.Api.Features.Users;

namespace Together.Tests.Unit;

public sealed class AccountRulesTests
{
    [Theory]
    [InlineData("ab", true)]
    [InlineData("Alice_99", true)]
    [InlineData("dot.ted", true)]
    [InlineData("Zoë", false)]
    [InlineData("аlice", false)]
    [InlineData("0123456789012345678901234567890x", true)]
    [InlineData("a", false)]
    [InlineData("0123456789012345678901234567890xy", false)]
    [InlineData("with space", false)]
    [InlineData("at@sign", false)]
    [InlineData("dash-ed", false)]
    [InlineData("emoji😀", false)]
    [InlineData("", false)]
    public void Usernames_are_2_to_32_ASCII_letters_digits_underscores_and_dots(string username, bool valid) =>
        Assert.Equal(valid, UsernameRules.IsValid(username, out _));

    [Fact]
    public void Usernames_that_differ_only_in_case_normalise_alike()
    {
        Assert.Equal(UsernameRules.Normalize("Alice"), UsernameRules.Normalize("aLICE"));
        Assert.NotEqual(UsernameRules.Normalize("alice"), UsernameRules.Normalize("alice_"));
    }

    [Theory]
    [InlineData("password")]
    [InlineData("PASSWORD1")]
    [InlineData("Sunshine")]
    [InlineData("qwertyuiop")]
    [InlineData("1q2w3e4r5t")]
    [InlineData("freepass")]
    public void The_most_common_passwords_are_refused_whatever_their_case(string password)
    {
        Assert.True(PasswordRules.IsCommon(password));
        Assert.False(PasswordRules.IsValid(password, out var problem));
        Assert.Contains("common", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short", false)]
    [InlineData("1234567", false)]
    [InlineData("uncommon phrase", true)]
    [InlineData("8 chars!", true)]
    public void Passwords_are_8_to_128_characters(string password, bool valid) =>
        Assert.Equal(valid, PasswordRules.IsValid(password, out _));

    [Fact]
    public void A_password_longer_than_128_characters_is_refused()
    {
        Assert.True(PasswordRules.IsValid(new string('x', 127) + "y", out _));
        Assert.False(PasswordRules.IsValid(new string('x', 128) + "y", out _));
    }

    [Fact]
    public void The_embedded_list_holds_about_a_thousand_passwords()
    {
        var known = new[] { "123456", "dragon", "trustno1", "iloveyou", "starwars", "wildcat", "polina" };
        Assert.All(known, password => Assert.True(PasswordRules.IsCommon(password)));
        Assert.False(PasswordRules.IsCommon("a long and uncommon passphrase"));
    }
}
