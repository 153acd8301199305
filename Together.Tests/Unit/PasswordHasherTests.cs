using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Together.Api.Features.Auth.Passwords;
using Together.Tests.Infrastructure;
using Together.Tests.Media;

namespace Together.Tests.Unit;

[Collection(TimingSensitive.Name)]
public sealed class PasswordHasherTests
{
    private static PasswordHasher Owasp() => new(Options.Create(new PasswordHashingOptions()), new TestMeterFactory());

    [Fact]
    public async Task Hashes_are_argon2id_PHC_strings_with_OWASP_parameters_and_a_fresh_salt()
    {
        using var hasher = Owasp();

        var first = await hasher.HashAsync("correct horse battery staple", CancellationToken.None);
        var second = await hasher.HashAsync("correct horse battery staple", CancellationToken.None);

        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
        Assert.Equal(PasswordVerification.Succeeded, await hasher.VerifyAsync("correct horse battery staple", first, CancellationToken.None));
        Assert.Equal(PasswordVerification.Failed, await hasher.VerifyAsync("correct horse battery stapler", first, CancellationToken.None));
    }

    [Theory]
    // Made by the reference implementation (phc-winner-argon2's `argon2` command), so ours interoperates.
    [InlineData("correct horse battery staple", "$argon2id$v=19$m=19456,t=2,p=1$dG9nZXRoZXItc2FsdC0xNg$ghJ3p9z7iTRGkoDEHRXblax6R9UKEws1Lzlj5NvKJyc")]
    [InlineData("hunter2hunter2", "$argon2id$v=19$m=64,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$AA+rOtt3KoXcD03SF6t0QEB3rjHAiRE4NSoAPRl5H5k")]
    public async Task Hashes_from_the_reference_implementation_verify(string password, string encoded)
    {
        using var hasher = Owasp();

        var result = await hasher.VerifyAsync(password, encoded, CancellationToken.None);

        Assert.NotEqual(PasswordVerification.Failed, result);
        Assert.Equal(PasswordVerification.Failed, await hasher.VerifyAsync(password + "!", encoded, CancellationToken.None));
    }

    [Fact]
    public async Task A_hash_made_with_other_parameters_verifies_and_asks_for_a_rehash()
    {
        using var old = new PasswordHasher(Options.Create(new PasswordHashingOptions { MemoryKiB = 64, Iterations = 1 }), new TestMeterFactory());
        using var current = new PasswordHasher(Options.Create(new PasswordHashingOptions { MemoryKiB = 128, Iterations = 1 }), new TestMeterFactory());
        var encoded = await old.HashAsync("a long passphrase", CancellationToken.None);

        Assert.Equal(PasswordVerification.SucceededRehashNeeded, await current.VerifyAsync("a long passphrase", encoded, CancellationToken.None));
        Assert.Equal(PasswordVerification.Succeeded, await old.VerifyAsync("a long passphrase", encoded, CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plaintext")]
    [InlineData("$argon2i$v=19$m=64,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$AA+rOtt3KoXcD03SF6t0QEB3rjHAiRE4NSoAPRl5H5k")]
    [InlineData("$argon2id$v=19$m=64,t=1$MDEyMzQ1Njc4OWFiY2RlZg$AA+rOtt3KoXcD03SF6t0QEB3rjHAiRE4NSoAPRl5H5k")]
    [InlineData("$argon2id$v=19$m=64,t=1,p=1$not base64!$AA+rOtt3KoXcD03SF6t0QEB3rjHAiRE4NSoAPRl5H5k")]
    [InlineData("$argon2id$v=19$m=64,t=1,p=1,x=3$MDEyMzQ1Njc4OWFiY2RlZg$AA+rOtt3KoXcD03SF6t0QEB3rjHAiRE4NSoAPRl5H5k")]
    public async Task Malformed_stored_hashes_never_verify(string encoded)
    {
        using var hasher = Owasp();
        Assert.Equal(PasswordVerification.Failed, await hasher.VerifyAsync("hunter2hunter2", encoded, CancellationToken.None));
    }

    [Fact]
    public async Task Checking_an_unknown_user_costs_about_as_much_as_a_wrong_password()
    {
        using var hasher = Owasp();
        var encoded = await hasher.HashAsync("the real password", CancellationToken.None);
        await hasher.VerifyAsync("warm up", encoded, CancellationToken.None);

        // Interleaved, so load from elsewhere on the machine hits both sides alike; the median ratio is compared.
        var ratios = new List<double>();
        for (var round = 0; round < 5; round++)
        {
            var wrong = await TimeAsync(() => hasher.VerifyAsync("a wrong password", encoded, CancellationToken.None), repeats: 1);
            var unknown = await TimeAsync(() => hasher.VerifyAgainstNothingAsync("a wrong password", CancellationToken.None), repeats: 1);
            ratios.Add(unknown.TotalMilliseconds / wrong.TotalMilliseconds);
        }

        Assert.InRange(ratios.Order().ElementAt(2), 0.5, 2.0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task No_more_hashes_run_at_once_than_the_configured_cap(int cap)
    {
        using var hasher = new PasswordHasher(Options.Create(new PasswordHashingOptions { MaxConcurrentHashes = cap, MemoryKiB = 4096 }), new TestMeterFactory());
        var flood = Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => hasher.HashAsync("one passphrase here", CancellationToken.None))));

        await flood;

        Assert.InRange(hasher.PeakActiveHashes, 1, cap);
        Assert.Equal(0, hasher.ActiveHashes);
    }

    [Fact]
    public async Task Two_hosts_in_one_process_each_report_their_own_active_hashes()
    {
        await using var first = Host();
        await using var second = Host();
        using var firstReader = new MeterReader(first.GetRequiredService<IMeterFactory>().Create(PasswordHasher.MeterName));
        using var secondReader = new MeterReader(second.GetRequiredService<IMeterFactory>().Create(PasswordHasher.MeterName));
        var busy = first.GetRequiredService<PasswordHasher>();
        var idle = second.GetRequiredService<PasswordHasher>();

        var hashing = Task.Run(() => busy.HashAsync("a long passphrase to hash", CancellationToken.None));
        var seen = false;
        while (!hashing.IsCompleted && !seen)
        {
            seen = firstReader.Read("together.password_hashes.active", null) == 1
                && secondReader.Read("together.password_hashes.active", null) == 0;
            Thread.Sleep(1); // polls from this thread: the hash holds a pool thread, and an await may resume after it
        }

        await hashing;
        Assert.True(seen, "the busy host's gauge read 1 while the idle host's read 0");
        Assert.Equal(0, idle.ActiveHashes);
        Assert.Equal(0, firstReader.Read("together.password_hashes.active", null));
    }

    private static ServiceProvider Host()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddSingleton(Options.Create(new PasswordHashingOptions { MemoryKiB = 64 * 1024, Iterations = 3 }));
        services.AddSingleton<PasswordHasher>();
        return services.BuildServiceProvider();
    }

    private static async Task<TimeSpan> TimeAsync<T>(Func<Task<T>> action, int repeats = 3)
    {
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }

        return best;
    }
}
