using Together.Api.Features.Messages;

namespace Together.Tests.Unit.Messaging;

public sealed class MentionParserTests
{
    [Fact]
    public void Users_roles_everyone_and_here_are_found()
    {
        var parsed = MentionParser.Parse("hi <@123> and <@!456>, ping <@&789> @everyone @here");

        Assert.Equal([123L, 456L], parsed.UserIds.Order());
        Assert.Equal([789L], parsed.RoleIds);
        Assert.True(parsed.Everyone);
        Assert.True(parsed.Here);
    }

    [Theory]
    [InlineData("no mentions at all")]
    [InlineData("<@>")]
    [InlineData("<@abc>")]
    [InlineData("<@ 123>")]
    [InlineData("<@123")]
    [InlineData("@123")]
    [InlineData("<@&>")]
    [InlineData("<@0>")]
    [InlineData("<@99999999999999999999>")] // beyond 64 bits
    [InlineData("<#123>")] // a channel link is not a mention
    [InlineData("@every one, @Everyone, @HERE")]
    public void Near_misses_mention_nobody(string content)
    {
        var parsed = MentionParser.Parse(content);

        Assert.Empty(parsed.UserIds);
        Assert.Empty(parsed.RoleIds);
        Assert.False(parsed.Everyone);
        Assert.False(parsed.Here);
    }

    [Fact]
    public void Repeats_count_once()
    {
        var parsed = MentionParser.Parse("<@5> <@5> <@!5> <@&5> <@&5>");

        Assert.Equal([5L], parsed.UserIds);
        Assert.Equal([5L], parsed.RoleIds);
    }

    [Fact]
    public void At_most_100_distinct_users_are_taken()
    {
        var content = string.Concat(Enumerable.Range(1, 150).Select(id => $"<@{id}>"));

        var parsed = MentionParser.Parse(content);

        Assert.Equal(MentionParser.MaxTargets, parsed.UserIds.Count);
        Assert.Equal(Enumerable.Range(1, 100).Select(id => (long)id), parsed.UserIds.Order());
    }

    [Fact]
    public void Everyone_and_here_are_found_anywhere_in_the_text()
    {
        Assert.True(MentionParser.Parse("hey@everyone!").Everyone);
        Assert.True(MentionParser.Parse("(@here)").Here);
        Assert.False(MentionParser.Parse("@here").Everyone);
    }
}
