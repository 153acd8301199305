using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Together.AppHost;

/// <summary>
/// Asks the container runtime whether its daemon answers. Aspire itself does not fail when it does not:
/// container resources then wait forever, so the AppHost decides up front.
/// </summary>
internal static class ContainerRuntime
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public static bool IsHealthy(IConfiguration configuration)
    {
        // The same switch Aspire reads to pick docker or podman.
        var runtime = configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"] ?? "docker";
        var start = new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };

        try
        {
            using var probe = Process.Start(start);
            if (probe is null)
            {
                return false;
            }

            if (!probe.WaitForExit(ProbeTimeout))
            {
                probe.Kill(entireProcessTree: true);
                return false;
            }

            return probe.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            // Not installed at all.
            return false;
        }
    }
}
