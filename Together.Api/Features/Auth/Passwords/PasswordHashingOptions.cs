using System.ComponentModel.DataAnnotations;

namespace Together.Api.Features.Auth.Passwords;

/// <summary>
/// argon2id cost (OWASP's minimum: 19 MiB, 2 passes, 1 lane). Raising them rehashes each user's password at their
/// next login. <see cref="MaxConcurrentHashes"/> bounds the memory a login flood can take: each hash holds
/// <see cref="MemoryKiB"/> while it runs.
/// </summary>
public sealed class PasswordHashingOptions
{
    public const string SectionName = "Auth:PasswordHashing";

    [Range(1, 16)]
    public int Iterations { get; set; } = 2;

    [Range(8, 1_048_576)]
    public int MemoryKiB { get; set; } = 19_456;

    [Range(1, 16)]
    public int Parallelism { get; set; } = 1;

    [Range(1, 256)]
    public int MaxConcurrentHashes { get; set; } = Math.Max(2, Environment.ProcessorCount);
}
