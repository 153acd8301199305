using Together.Api.Features.Reactions;

namespace Together.Tests.Unit.Messaging;

public sealed class EmojiRulesTests
{
    [Theory]
    [InlineData("😀")] // basic, emoji presentation
    [InlineData("👍")]
    [InlineData("👍🏽")] // skin tone
    [InlineData("❤️")] // text-default heart with VS16
    [InlineData("©️")]
    [InlineData("1️⃣")] // keycap with VS16
    [InlineData("#⃣")] // keycap without VS16
    [InlineData("🇫🇷")] // flag: two regional indicators
    [InlineData("🏴󠁧󠁢󠁳󠁣󠁴󠁿")] // Scotland: tag sequence
    [InlineData("👩‍💻")] // ZWJ
    [InlineData("👩🏽‍💻")] // ZWJ with skin tone
    [InlineData("👨‍👩‍👧‍👦")] // family
    [InlineData("🧑🏿‍🤝‍🧑🏻")]
    [InlineData("❤️‍🔥")]
    [InlineData("🏳️‍⚧️")]
    [InlineData("👁‍🗨")] // text-default parts inside a ZWJ sequence
    [InlineData("🏃‍➡️")]
    [InlineData("🫎")] // Unicode 15
    public void Real_emoji_are_accepted(string emoji) => Assert.True(EmojiRules.IsValid(emoji), emoji);

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("1")] // a digit is Emoji, but only a keycap makes it one
    [InlineData("1⃣⃣")]
    [InlineData("©")] // text by default: needs VS16 alone
    [InlineData("☺")]
    [InlineData(":smile:")]
    [InlineData("<script>")]
    [InlineData("😀😀")] // two emoji
    [InlineData("😀 ")]
    [InlineData("🇫")] // a lone regional indicator
    [InlineData("🇫🇷🇫")]
    [InlineData("👍‍")] // dangling ZWJ
    [InlineData("‍👍")]
    [InlineData("👍‍‍👍")]
    [InlineData("️")] // VS16 alone
    [InlineData("a🏽")] // skin tone on a letter
    [InlineData("😀🏽")] // skin tone on a face that takes none
    [InlineData("🏴󠁧󠁢")] // tag sequence without its cancel tag
    [InlineData("\uD83D")] // lone surrogate
    [InlineData("😀\u0000")]
    public void Anything_else_is_refused(string emoji) => Assert.False(EmojiRules.IsValid(emoji), emoji);

    [Fact]
    public void Sequences_longer_than_64_characters_are_refused()
    {
        var family = "👨‍👩‍👧‍👦";
        var longest = string.Join("\u200D", Enumerable.Repeat("👨", 16)); // 16 × 2 + 15 = 47 characters
        var tooLong = string.Join("\u200D", Enumerable.Repeat("👨", 22)); // 22 × 2 + 21 = 65 characters

        Assert.True(EmojiRules.IsValid(family));
        Assert.True(EmojiRules.IsValid(longest));
        Assert.Equal(65, tooLong.Length);
        Assert.False(EmojiRules.IsValid(tooLong));
    }
}
