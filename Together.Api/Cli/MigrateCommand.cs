using System.CommandLine;
using Together.Api.Data;

namespace Together.Api.Cli;

internal static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply pending database migrations (the server also does this when it starts).");
        command.SetAction(async (_, cancellationToken) =>
        {
            using var host = CliHost.Build();
            var settings = host.Services.GetRequiredService<DatabaseSettings>();
            Console.WriteLine($"Database: {settings.Location}");
            var applied = await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            Console.WriteLine(applied == 0 ? "Already up to date." : $"Applied {applied} migration(s).");
            return CliExitCodes.Success;
        });
        return command;
    }
}
