namespace Together.AppHost.HostPostgres;

/// <summary>
/// The host's PostgreSQL binaries (the newest Debian major unless configured), and the account they must run under.
/// The one place that knows this: the AppHost's executable resources and the tests' own server both start from it.
/// </summary>
/// <param name="BinDirectory">Folder holding <c>initdb</c> and <c>postgres</c>.</param>
/// <param name="RunAs">
/// The account to drop to, or <see langword="null"/> to run as ourselves: PostgreSQL refuses to run as root,
/// so a root AppHost starts it through <c>setpriv</c>, which execs, so stop signals still reach postgres.
/// </param>
internal sealed record PostgresInstallation(string BinDirectory, string? RunAs)
{
    private const string DebianRoot = "/usr/lib/postgresql";
    private const string ServiceAccount = "postgres";

    public static PostgresInstallation Find(string? configuredBinDirectory)
    {
        var binDirectory = configuredBinDirectory ?? NewestDebianBinDirectory()
            ?? throw new InvalidOperationException(
                $"No PostgreSQL binaries under {DebianRoot}: install them (apt-get install postgresql) or set " +
                "Together:AppHost:PostgresBinDirectory, ConnectionStrings:together, or Together:AppHost:Postgres=container.");

        if (!File.Exists(Path.Combine(binDirectory, "postgres")) || !File.Exists(Path.Combine(binDirectory, "initdb")))
        {
            throw new InvalidOperationException($"{binDirectory} does not hold both 'postgres' and 'initdb'.");
        }

        return new PostgresInstallation(binDirectory, Environment.IsPrivilegedProcess ? ServiceAccount : null);
    }

    /// <summary>The command and leading arguments that run <paramref name="program"/> as <see cref="RunAs"/>.</summary>
    public (string Command, string[] Arguments) Command(string program)
    {
        var path = Path.Combine(BinDirectory, program);
        return RunAs is null
            ? (path, [])
            : ("setpriv", [$"--reuid={RunAs}", $"--regid={RunAs}", "--init-groups", "--", path]);
    }

    private static string? NewestDebianBinDirectory()
    {
        if (!Directory.Exists(DebianRoot))
        {
            return null;
        }

        return Directory.GetDirectories(DebianRoot)
            .Select(directory => (Directory: directory, Version: int.TryParse(Path.GetFileName(directory), out var major) ? major : -1))
            .Where(candidate => candidate.Version > 0 && File.Exists(Path.Combine(candidate.Directory, "bin", "postgres")))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => Path.Combine(candidate.Directory, "bin"))
            .FirstOrDefault();
    }
}
