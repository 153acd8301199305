namespace Together.Tests.Cli;

/// <summary>Help and command-line mistakes: no database is touched.</summary>
public sealed class CliUsageTests
{
    private readonly CliRunner _cli = new(new Dictionary<string, string>
    {
        ["Together__DataDirectory"] = Path.Combine(Path.GetTempPath(), "together-cli-usage-never-created"),
    });

    [Fact]
    public async Task Help_lists_the_commands_and_exits_0()
    {
        var root = await _cli.RunAsync(["--help"]);
        var createUser = await _cli.RunAsync(["admin", "create-user", "--help"]);

        Assert.Equal(0, root.ExitCode);
        Assert.Contains("migrate", root.Output, StringComparison.Ordinal);
        Assert.Contains("admin", root.Output, StringComparison.Ordinal);
        Assert.Equal(0, createUser.ExitCode);
        Assert.Contains("--username", createUser.Output, StringComparison.Ordinal);
        Assert.Contains("--display-name", createUser.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("admin", "create-user")]
    [InlineData("admin", "no-such-command")]
    [InlineData("migrate", "--bogus")]
    public async Task A_wrong_command_line_exits_2_with_a_hint(params string[] arguments)
    {
        var result = await _cli.RunAsync(arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--help", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Path.GetTempPath(), "together-cli-usage-never-created")));
    }
}
