using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;

namespace Together.Api.Features.Auth.Passwords;

public enum PasswordVerification
{
    Failed,
    Succeeded,

    /// <summary>Correct, but hashed with other parameters than the current ones: store a new hash.</summary>
    SucceededRehashNeeded,
}

/// <summary>
/// argon2id (BouncyCastle) in PHC string format: <c>$argon2id$v=19$m=19456,t=2,p=1$salt$hash</c>. At most
/// <see cref="PasswordHashingOptions.MaxConcurrentHashes"/> hashes run at once; the rest wait their turn.
/// </summary>
public sealed class PasswordHasher : IDisposable
{
    private const int SaltLength = 16;
    private const int HashLength = 32;
    private const string Prefix = "$argon2id$v=19$";

    public const string MeterName = "Together.Api.Passwords";

    private readonly PasswordHashingOptions _options;
    private readonly SemaphoreSlim _gate;
    private int _active;
    private int _peak;

    /// <param name="meterFactory">
    /// The host's: its meter belongs to that host, so two hosts in one process (tests, replicas) each report their own
    /// hasher instead of adding gauges to one process-wide meter that would outlive them.
    /// </param>
    public PasswordHasher(IOptions<PasswordHashingOptions> options, IMeterFactory meterFactory)
    {
        _options = options.Value;
        _gate = new SemaphoreSlim(_options.MaxConcurrentHashes, _options.MaxConcurrentHashes);
        meterFactory.Create(MeterName).CreateObservableGauge("together.password_hashes.active", () => ActiveHashes,
            description: "Password hashes computing right now (at most the configured cap)");
    }

    /// <summary>How many hashes are computing right now; never more than the cap.</summary>
    public int ActiveHashes => Volatile.Read(ref _active);

    /// <summary>The most hashes that ever computed at once.</summary>
    public int PeakActiveHashes => Volatile.Read(ref _peak);

    public async Task<string> HashAsync(string password, CancellationToken cancellationToken)
    {
        var parameters = new Argon2Cost(_options.MemoryKiB, _options.Iterations, _options.Parallelism);
        var salt = RandomNumberGenerator.GetBytes(SaltLength);
        var hash = await DeriveAsync(password, salt, parameters, HashLength, cancellationToken);
        return Format(parameters, salt, hash);
    }

    public async Task<PasswordVerification> VerifyAsync(string password, string encoded, CancellationToken cancellationToken)
    {
        if (!TryParse(encoded, out var parameters, out var salt, out var expected))
        {
            return PasswordVerification.Failed;
        }

        var actual = await DeriveAsync(password, salt, parameters, expected.Length, cancellationToken);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            return PasswordVerification.Failed;
        }

        var current = new Argon2Cost(_options.MemoryKiB, _options.Iterations, _options.Parallelism);
        return parameters == current && salt.Length == SaltLength && expected.Length == HashLength
            ? PasswordVerification.Succeeded
            : PasswordVerification.SucceededRehashNeeded;
    }

    /// <summary>
    /// Spends the same work as a real verification and always fails: used when the user does not exist, so the
    /// answer takes as long as for a wrong password.
    /// </summary>
    public async Task<PasswordVerification> VerifyAgainstNothingAsync(string password, CancellationToken cancellationToken)
    {
        var parameters = new Argon2Cost(_options.MemoryKiB, _options.Iterations, _options.Parallelism);
        await DeriveAsync(password, new byte[SaltLength], parameters, HashLength, cancellationToken);
        return PasswordVerification.Failed;
    }

    public void Dispose() => _gate.Dispose();

    private async Task<byte[]> DeriveAsync(string password, byte[] salt, Argon2Cost cost, int length, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        var active = Interlocked.Increment(ref _active);
        for (var peak = Volatile.Read(ref _peak); active > peak; peak = Volatile.Read(ref _peak))
        {
            Interlocked.CompareExchange(ref _peak, active, peak);
        }

        try
        {
            var parameters = new Argon2Parameters.Builder(Argon2Parameters.Argon2id)
                .WithVersion(Argon2Parameters.Version13)
                .WithMemoryAsKB(cost.MemoryKiB)
                .WithIterations(cost.Iterations)
                .WithParallelism(cost.Parallelism)
                .WithSalt(salt)
                .Build();
            var generator = new Argon2BytesGenerator();
            generator.Init(parameters);
            var output = new byte[length];
            var passwordBytes = Encoding.UTF8.GetBytes(password);
            try
            {
                generator.GenerateBytes(passwordBytes, output);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(passwordBytes);
            }

            return output;
        }
        finally
        {
            Interlocked.Decrement(ref _active);
            _gate.Release();
        }
    }

    private static string Format(Argon2Cost cost, byte[] salt, byte[] hash) =>
        $"{Prefix}m={cost.MemoryKiB},t={cost.Iterations},p={cost.Parallelism}${ToBase64(salt)}${ToBase64(hash)}";

    private static bool TryParse(string encoded, out Argon2Cost cost, out byte[] salt, out byte[] hash)
    {
        cost = default;
        salt = [];
        hash = [];
        if (!encoded.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = encoded[Prefix.Length..].Split('$');
        if (parts.Length != 3)
        {
            return false;
        }

        int? memory = null, iterations = null, parallelism = null;
        foreach (var pair in parts[0].Split(','))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator < 1 || !int.TryParse(pair.AsSpan(separator + 1), out var value) || value < 1)
            {
                return false;
            }

            switch (pair[..separator])
            {
                case "m": memory = value; break;
                case "t": iterations = value; break;
                case "p": parallelism = value; break;
                default: return false;
            }
        }

        if (memory is null || iterations is null || parallelism is null
            || !TryFromBase64(parts[1], out salt) || !TryFromBase64(parts[2], out hash)
            || salt.Length < 8 || hash.Length < 16)
        {
            return false;
        }

        cost = new Argon2Cost(memory.Value, iterations.Value, parallelism.Value);
        return true;
    }

    // PHC strings use standard base64 without padding.
    private static string ToBase64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static bool TryFromBase64(string text, out byte[] bytes)
    {
        var padded = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        bytes = new byte[padded.Length];
        if (Convert.TryFromBase64String(padded, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }

        bytes = [];
        return false;
    }

    private readonly record struct Argon2Cost(int MemoryKiB, int Iterations, int Parallelism);
}
