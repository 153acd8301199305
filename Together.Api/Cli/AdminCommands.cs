using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Together.Api.Data;
using Together.Api.Domain;
using Together.Api.Features.Auth;

namespace Together.Api.Cli;

internal static class AdminCommands
{
    public static Command Create() => new("admin", "Manage users and servers from the server's own machine.")
    {
        CreateUser(),
        ResetPassword(),
        MakeAdmin(),
        ListUsers(),
        ServerCommands.Servers(),
        ServerCommands.Audit(),
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
            return CliExitCodes.Success;
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
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            var user = await accounts.GetByUsernameAsync(result.GetRequiredValue(username), cancellationToken);
            await accounts.SetPasswordAsync(user, secret, cancellationToken);
            var ended = await scope.ServiceProvider.GetRequiredService<SessionService>()
                .RevokeAllAsync(user.Id, SessionRevocationReasons.PasswordReset, keepSessionId: null, cancellationToken);
            Console.WriteLine($"Password of {user.Username} reset; {ended} session(s) ended.");
            return CliExitCodes.Success;
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
            var user = await scope.ServiceProvider.GetRequiredService<AccountService>()
                .GetByUsernameAsync(result.GetRequiredValue(username), cancellationToken);

            user.IsAdmin = !result.GetValue(revoke);
            user.UpdatedAt = DateTimeOffset.UtcNow;
            await scope.ServiceProvider.GetRequiredService<TogetherDbContext>().SaveChangesAsync(cancellationToken);
            Console.WriteLine(user.IsAdmin ? $"{user.Username} is now an administrator." : $"{user.Username} is no longer an administrator.");
            return CliExitCodes.Success;
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
            return CliExitCodes.Success;
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

    /// <summary>A service scope over a database with every migration applied.</summary>
    public static async Task<AsyncServiceScope> MigratedScopeAsync(IHost host, CancellationToken cancellationToken)
    {
        var scope = host.Services.CreateAsyncScope();
        await EnsureMigratedAsync(scope.ServiceProvider, cancellationToken);
        return scope;
    }
}
