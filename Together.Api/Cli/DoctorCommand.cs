using System.CommandLine;
using Together.Api.Features.Voice;

namespace Together.Api.Cli;

internal static class DoctorCommand
{
    public static Command Create()
    {
        var url = new Option<Uri>("--url")
        {
            Description = "Where clients reach this installation (the merged process, or the edge)",
            DefaultValueFactory = _ => new Uri("http://localhost:5000"),
        };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for each step", DefaultValueFactory = _ => (int)VoiceDoctor.DefaultStepTimeout.TotalSeconds };
        var command = new Command("doctor", "Check voice from the outside in: the media node's signalling, UDP port and announced address, and TURN credentials; prints the fix for each failure.")
        {
            url,
            timeout,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = CliHost.Build();
            var doctor = new VoiceDoctor(
                host.Services.GetRequiredService<IConfiguration>(),
                host.Services.GetRequiredService<IHostEnvironment>().ContentRootPath,
                Console.Out);
            return await doctor.RunAsync(parsed.GetValue(url)!, TimeSpan.FromSeconds(parsed.GetValue(timeout)), cancellationToken) == 0
                ? CliExitCodes.Success
                : CliExitCodes.Failure;
        });
        return command;
    }
}
