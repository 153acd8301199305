using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.Auth;

namespace Together.Api.Cli;

internal static class AdminCommands
{
    public static Command Create() => new("admin", "Manage users from the server's own machine.")
    {
        CreateUser(),
        ResetPassword(),
        MakeAdmin(),
        ListUsers(),
    };

    private static Command CreateUser()
    {
        var username = UsernameOption();
        var password = PasswordOption();
        var email = new Option<string?>("--email") { Description = "Email address (optional; allows signing in with it)." };
        var displayName = new Option<string?>("--display-name") { Description = "Display name (optional)." };
        var admin = new Option<bool>("--admin") { Description = "Make the new user an administrator." };
        var command = new Command("create-user", "Create a user account.") { username, password, email, displayName, admin };
        command.SetAction(async (result, cancellationToken) =>
        {
            var secret = ReadPassword(result.GetValue(password));
            using var host = CliHost.Build();
            await using var scope = host.Services.CreateAsyncScope();
            await EnsureMigratedAsync(scope.ServiceProvider, cancellationToken);
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            var user = await accounts.CreateAsync(result.GetRequiredValue(username), secret, result.GetValue(email),
                result.GetValue(displayName), result.GetValue(admin), cancellationToken);
            Console.WriteLine($"Created user {user.Username} (id {Snowflake.Format(user.Id)}){(user.IsAdmin ? " as an administrator" : "")}.");
            return TogetherCli.Success;
        });
        return command;
    }

    private static Command ResetPassword()
    {
        var username = UsernameOption();
        var password = PasswordOption();
        var command = new Command("reset-password", "Set a user's password and sign them out everywhere.") { username, password };
        command.SetAction(async (result, cancellationToken) =>
        {
            var secret = ReadPassword(result.GetValue(password));
            using var host = CliHost.Build();
            await using var scope = host.Services.CreateAsyncScope();
            await EnsureMigratedAsync(scope.ServiceProvider, cancellationToken);
            var user = await FindAsync(scope.ServiceProvider, result.GetRequiredValue(username), cancellationToken);
            if (user is null)
            {
                return TogetherCli.Failure;
            }

            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            await accounts.SetPasswordAsync(user, secret, cancellationToken);
            var db = scope.ServiceProvider.GetRequiredService<TogetherDbContext>();
            await db.SaveChangesAsync(cancellationToken);
            var now = DateTimeOffset.UtcNow;
            var ended = await db.Sessions
                .Where(session => session.UserId == user.Id && session.RevokedAt == null)
                .ExecuteUpdateAsync(setters => setters
                    .SetProperty(session => session.RevokedAt, now)
                    .SetProperty(session => session.RevokedReason, SessionRevocationReasons.PasswordReset), cancellationToken);
            Console.WriteLine($"Password of {user.Username} reset; {ended} session(s) ended.");
            return TogetherCli.Success;
        });
        return command;
    }

    private static Command MakeAdmin()
    {
        var username = UsernameOption();
        var revoke = new Option<bool>("--revoke") { Description = "Take administrator rights away instead." };
        var command = new Command("make-admin", "Make a user an administrator (or, with --revoke, no longer one).") { username, revoke };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var host = CliHost.Build();
            await using var scope = host.Services.CreateAsyncScope();
            await EnsureMigratedAsync(scope.ServiceProvider, cancellationToken);
            var user = await FindAsync(scope.ServiceProvider, result.GetRequiredValue(username), cancellationToken);
            if (user is null)
            {
                return TogetherCli.Failure;
            }

            user.IsAdmin = !result.GetValue(revoke);
            user.UpdatedAt = DateTimeOffset.UtcNow;
            await scope.ServiceProvider.GetRequiredService<TogetherDbContext>().SaveChangesAsync(cancellationToken);
            Console.WriteLine(user.IsAdmin ? $"{user.Username} is now an administrator." : $"{user.Username} is no longer an administrator.");
            return TogetherCli.Success;
        });
        return command;
    }

    private static Command ListUsers()
    {
        var limit = new Option<int>("--limit") { Description = "How many users to show, oldest first.", DefaultValueFactory = _ => 100 };
        var command = new Command("list-users", "List user accounts.") { limit };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var host = CliHost.Build();
            await using var scope = host.Services.CreateAsyncScope();
            await EnsureMigratedAsync(scope.ServiceProvider, cancellationToken);
            var db = scope.ServiceProvider.GetRequiredService<TogetherDbContext>();
            var users = await db.Users.AsNoTracking().OrderBy(user => user.Id).Take(Math.Max(1, result.GetValue(limit)))
                .ToListAsync(cancellationToken);
            var total = await db.Users.CountAsync(cancellationToken);
            Console.WriteLine($"{"ID",-20} {"USERNAME",-32} {"ADMIN",-5} {"CREATED (UTC)",-16} EMAIL");
            foreach (var user in users)
            {
                var created = user.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                Console.WriteLine($"{Snowflake.Format(user.Id),-20} {user.Username,-32} {(user.IsAdmin ? "yes" : "no"),-5} {created,-16} {user.Email}");
            }

            Console.WriteLine($"{users.Count} of {total} user(s).");
            return TogetherCli.Success;
        });
        return command;
    }

    private static Option<string> UsernameOption() => new("--username", "-u") { Description = "The user's username.", Required = true };

    private static Option<string?> PasswordOption() => new("--password")
    {
        Description = "The password. When omitted it is read from standard input (safer: it stays out of the process list).",
    };

    private static string ReadPassword(string? given)
    {
        if (given is not null)
        {
            return given;
        }

        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine() ?? "";
        }

        Console.Write("Password: ");
        var typed = new System.Text.StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        Console.WriteLine();
        return typed.ToString();
    }

    private static async Task EnsureMigratedAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);

    private static async Task<User?> FindAsync(IServiceProvider services, string username, CancellationToken cancellationToken)
    {
        var user = await services.GetRequiredService<AccountService>().FindByLoginAsync(username, cancellationToken);
        if (user is null)
        {
            await Console.Error.WriteLineAsync($"error: there is no user '{username}'.");
        }

        return user;
    }
}
