using System.CommandLine;
using Together.Api.Domain;

namespace Together.Api.Cli;

/// <summary>
/// The administration commands of the Api executable (<c>migrate</c>, <c>admin ...</c>). When the first argument
/// names one, the command runs and the process exits; otherwise the web host starts. Exit codes are
/// <see cref="CliExitCodes"/>.
/// </summary>
public static class TogetherCli
{

    private static readonly string[] Commands = ["migrate", "admin", "doctor", "--help", "-h", "-?", "help"];

    public static bool Handles(string[] args) => args.Length > 0 && Commands.Contains(args[0], StringComparer.Ordinal);

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Together: run without arguments to start the server, or use a command below.")
        {
            MigrateCommand.Create(),
            AdminCommands.Create(),
            DoctorCommand.Create(),
        };
        if (args is ["help", .. var rest])
        {
            args = [.. rest, "--help"];
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message);
            }

            await Console.Error.WriteLineAsync("Run with --help to see the commands and their options.");
            return CliExitCodes.UsageError;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (DomainException exception)
        {
            await Console.Error.WriteLineAsync($"error: {exception.Message}");
            foreach (var (field, messages) in exception.Errors ?? new Dictionary<string, string[]>())
            {
                await Console.Error.WriteLineAsync($"  {field}: {string.Join(" ", messages)}");
            }

            return CliExitCodes.For(exception.Kind);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // An operator needs the reason (database unreachable, file not writable), not a stack trace.
            await Console.Error.WriteLineAsync($"error: {exception.GetBaseException().Message}");
            return CliExitCodes.Failure;
        }
    }
}
