using Together.Api.Domain;

namespace Together.Api.Cli;

/// <summary>
/// What the admin commands exit with, so scripts can tell "no such user" from "the database is down". Domain
/// errors map here by kind, once, as HTTP maps them to statuses.
/// </summary>
public static class CliExitCodes
{
    public const int Success = 0;

    /// <summary>Anything unexpected: the database unreachable, a file not writable.</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong: unknown command or option, a required option missing.</summary>
    public const int UsageError = 2;

    /// <summary>A value was refused (a username too short, a common password).</summary>
    public const int InvalidValue = 3;

    public const int NotFound = 4;

    /// <summary>The request contradicts the current state (the username is taken).</summary>
    public const int Conflict = 5;

    /// <summary>Refused for now: not permitted, rate limited, or a service it needs is unavailable.</summary>
    public const int Refused = 6;

    public static int For(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation or ErrorKind.TooLarge or ErrorKind.UnsupportedType => InvalidValue,
        ErrorKind.NotFound => NotFound,
        ErrorKind.Conflict => Conflict,
        ErrorKind.Unavailable => Failure,
        _ => Refused,
    };
}
