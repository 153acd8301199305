using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.AuditLog;
using Together.Api.Features.Auth;
using Together.Api.Features.Servers;

namespace Together.Api.Cli;

/// <summary><c>admin servers list|transfer</c> and <c>admin audit</c>: what an operator needs when a community is stuck.</summary>
internal static class ServerCommands
{
    public static Command Servers() => new("servers", "Look after servers.")
    {
        List(),
        Transfer(),
    };

    public static Command Audit()
    {
        var server = ServerArgument();
        var limit = new Option<int>("--limit") { Description = "How many entries, newest first (1-100).", DefaultValueFactory = _ => AuditLogService.DefaultLimit };
        var action = new Option<string?>("--action") { Description = "Only this action, e.g. member_ban." };
        var before = new Option<long?>("--before") { Description = "Only entries older than this entry id (the next page)." };
        var command = new Command("audit", "Show a server's audit log.") { server, limit, action, before };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var host = CliHost.Build();
            await using var scope = await AdminCommands.MigratedScopeAsync(host, cancellationToken);
            var serverId = result.GetValue(server);
            await scope.ServiceProvider.GetRequiredService<ServerService>().GetAsync(serverId, cancellationToken);
            var entries = await scope.ServiceProvider.GetRequiredService<AuditLogService>().ListAsync(serverId, actorId: null,
                result.GetValue(action), result.GetValue(before), Math.Clamp(result.GetValue(limit), 1, AuditLogService.MaxLimit),
                cancellationToken);
            Console.WriteLine($"{"ID",-20} {"WHEN (UTC)",-16} {"ACTOR",-20} {"ACTION",-20} {"TARGET",-20} CHANGES / REASON");
            foreach (var entry in entries)
            {
                var when = entry.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                var reason = entry.Reason is null ? "" : $" reason: {entry.Reason}";
                Console.WriteLine($"{entry.Id,-20} {when,-16} {entry.ActorId,-20} {entry.Action,-20} {entry.TargetId ?? "-",-20} {entry.Changes.GetRawText()}{reason}");
            }

            Console.WriteLine($"{entries.Count} entr{(entries.Count == 1 ? "y" : "ies")}.");
            return CliExitCodes.Success;
        });
        return command;
    }

    private static Command List()
    {
        var limit = new Option<int>("--limit") { Description = "How many servers to show, oldest first.", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "List every server with its owner and member count.") { limit };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var host = CliHost.Build();
            await using var scope = await AdminCommands.MigratedScopeAsync(host, cancellationToken);
            var db = scope.ServiceProvider.GetRequiredService<TogetherDbContext>();
            var servers = await db.Servers.AsNoTracking().OrderBy(server => server.Id).Take(Math.Max(1, result.GetValue(limit)))
                .Select(server => new
                {
                    server.Id,
                    server.Name,
                    server.CreatedAt,
                    Owner = db.Users.Where(user => user.Id == server.OwnerId).Select(user => user.Username).Single(),
                    OwnerIsMember = db.Members.Any(member => member.ServerId == server.Id && member.UserId == server.OwnerId),
                    Members = db.Members.Count(member => member.ServerId == server.Id),
                })
                .ToListAsync(cancellationToken);
            var total = await db.Servers.CountAsync(cancellationToken);
            Console.WriteLine($"{"ID",-20} {"NAME",-32} {"OWNER",-32} {"MEMBERS",7} CREATED (UTC)");
            foreach (var server in servers)
            {
                var created = server.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                var owner = server.OwnerIsMember ? server.Owner : $"{server.Owner} (left)";
                Console.WriteLine($"{Snowflake.Format(server.Id),-20} {server.Name,-32} {owner,-32} {server.Members,7} {created}");
            }

            Console.WriteLine($"{servers.Count} of {total} server(s).");
            return CliExitCodes.Success;
        });
        return command;
    }

    private static Command Transfer()
    {
        var server = ServerArgument();
        var user = new Argument<string>("user") { Description = "The new owner: a member's username or user id." };
        var command = new Command("transfer", "Make a member the owner of a server (for instance when its owner is gone).") { server, user };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var host = CliHost.Build();
            await using var scope = await AdminCommands.MigratedScopeAsync(host, cancellationToken);
            var newOwner = await FindUserAsync(scope.ServiceProvider, result.GetRequiredValue(user), cancellationToken);
            var transferred = await scope.ServiceProvider.GetRequiredService<ServerService>()
                .TransferAsOperatorAsync(result.GetValue(server), newOwner.Id, cancellationToken);
            Console.WriteLine($"{newOwner.Username} now owns {transferred.Name} (id {Snowflake.Format(transferred.Id)}).");
            return CliExitCodes.Success;
        });
        return command;
    }

    private static Argument<long> ServerArgument() => new("server") { Description = "The server's id." };

    private static async Task<User> FindUserAsync(IServiceProvider services, string given, CancellationToken cancellationToken)
    {
        if (Snowflake.TryParse(given, out var id)
            && await services.GetRequiredService<TogetherDbContext>().Users.SingleOrDefaultAsync(user => user.Id == id, cancellationToken) is { } byId)
        {
            return byId;
        }

        return await services.GetRequiredService<AccountService>().GetByUsernameAsync(given, cancellationToken);
    }
}
