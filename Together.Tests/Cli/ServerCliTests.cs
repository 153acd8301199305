using Microsoft.EntityFrameworkCore;
using Together.Api.Domain;
using Together.Tests.Infrastructure;

namespace Together.Tests.Cli;

/// <summary><c>admin servers list|transfer</c> and <c>admin audit</c> through the real executable, on a database a real Api filled.</summary>
public abstract class ServerCliTests(TogetherApiHost host)
{
    private CliRunner Cli => new(host.DatabaseEnvironment);

    [Fact]
    public async Task An_operator_lists_servers_hands_one_to_a_member_and_reads_its_audit_log()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner, "Cli Club");
        var heir = await host.RegisterAsync();
        await host.JoinThroughInviteAsync(server, owner, heir);

        var listed = await Cli.RunAsync(["admin", "servers", "list"]);
        Assert.True(listed.ExitCode == 0, listed.Error);
        var row = Assert.Single(listed.Output.Split('\n'), line => line.StartsWith(server.Id, StringComparison.Ordinal));
        Assert.Contains("Cli Club", row, StringComparison.Ordinal);
        Assert.Contains(owner.Username, row, StringComparison.Ordinal);
        Assert.Matches(@"\s2\s", row);

        var transferred = await Cli.RunAsync(["admin", "servers", "transfer", server.Id, heir.Username]);
        Assert.True(transferred.ExitCode == 0, transferred.Error);
        Assert.Contains($"{heir.Username} now owns Cli Club", transferred.Output, StringComparison.Ordinal);
        Assert.Equal(heir.LongId(), await host.QueryAsync(db => db.Servers.Where(candidate => candidate.Id == server.LongId)
            .Select(candidate => candidate.OwnerId).SingleAsync()));

        var audit = await Cli.RunAsync(["admin", "audit", server.Id, "--action", AuditLogActions.ServerTransfer]);
        Assert.True(audit.ExitCode == 0, audit.Error);
        var entry = Assert.Single(audit.Output.Split('\n'), line => line.Contains(AuditLogActions.ServerTransfer, StringComparison.Ordinal));
        Assert.Contains(" 0 ", entry, StringComparison.Ordinal);
        Assert.Contains(heir.Id, entry, StringComparison.Ordinal);
        Assert.Contains("1 entry.", audit.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transfers_to_non_members_or_of_unknown_servers_fail_with_their_exit_codes()
    {
        var owner = await host.RegisterAsync();
        var server = await host.CreateServerAsync(owner);
        var outsider = await host.RegisterAsync();

        var notMember = await Cli.RunAsync(["admin", "servers", "transfer", server.Id, outsider.Id]);
        var noServer = await Cli.RunAsync(["admin", "servers", "transfer", "424242424242", owner.Username]);
        var noUser = await Cli.RunAsync(["admin", "servers", "transfer", server.Id, "ghost_user_x"]);
        var noAudit = await Cli.RunAsync(["admin", "audit", "424242424242"]);

        Assert.Equal(3, notMember.ExitCode);
        Assert.Contains("userId:", notMember.Error, StringComparison.Ordinal);
        Assert.Equal(4, noServer.ExitCode);
        Assert.Equal(4, noUser.ExitCode);
        Assert.Equal(4, noAudit.ExitCode);
        Assert.Equal(owner.LongId(), await host.QueryAsync(db => db.Servers.Where(candidate => candidate.Id == server.LongId)
            .Select(candidate => candidate.OwnerId).SingleAsync()));
    }
}

public sealed class ServerCliTestsOnSqlite(SqliteApi api) : ServerCliTests(api.Host), IClassFixture<SqliteApi>;

public sealed class ServerCliTestsOnPostgres(PostgresApi api) : ServerCliTests(api.Host), IClassFixture<PostgresApi>;
