using Together.Api.Domain;

namespace Together.Tests.Unit;

public sealed class SnowflakeGeneratorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_id_carries_Discords_layout_time_worker_and_sequence()
    {
        var clock = new ManualClock(Now);
        var generator = new SnowflakeGenerator(clock, workerId: 37);

        var first = generator.NewId();
        var second = generator.NewId();

        Assert.Equal(Now, Snowflake.CreatedAt(first));
        Assert.Equal(37, Snowflake.WorkerId(first));
        Assert.Equal(0, Snowflake.Sequence(first));
        Assert.Equal(1, Snowflake.Sequence(second));
        Assert.Equal((long)(Now - Snowflake.Epoch).TotalMilliseconds << 22 | 37 << 12, first);
    }

    [Fact]
    public void Discords_documented_example_decodes_to_its_timestamp()
    {
        // From Discord's API reference: 175928847299117063 was made at 2016-04-30 11:18:25.796 UTC.
        Assert.Equal(new DateTimeOffset(2016, 4, 30, 11, 18, 25, 796, TimeSpan.Zero), Snowflake.CreatedAt(175928847299117063));
        Assert.Equal(1, Snowflake.WorkerId(175928847299117063) >> 5);
    }

    [Fact]
    public void Ids_keep_increasing_when_the_clock_steps_back()
    {
        var clock = new ManualClock(Now);
        var generator = new SnowflakeGenerator(clock, workerId: 1);
        var before = generator.NewId();

        clock.Now = Now.AddSeconds(-30);
        var during = Enumerable.Range(0, 100).Select(_ => generator.NewId()).ToList();
        clock.Now = Now.AddMilliseconds(5);
        var after = generator.NewId();

        Assert.All(during, id => Assert.True(id > before));
        Assert.Equal(during.Order(), during);
        Assert.True(after > during[^1]);
        Assert.Equal(Now.AddMilliseconds(5), Snowflake.CreatedAt(after));
    }

    [Fact]
    public void More_than_4096_ids_in_one_millisecond_borrow_the_next_millisecond()
    {
        var clock = new ManualClock(Now);
        var generator = new SnowflakeGenerator(clock, workerId: 2);

        var ids = Enumerable.Range(0, 10_000).Select(_ => generator.NewId()).ToList();

        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(Now.AddMilliseconds(2), Snowflake.CreatedAt(ids[^1]));
    }

    [Fact]
    public void Ids_from_many_threads_are_unique_and_each_threads_ids_increase()
    {
        var generator = new SnowflakeGenerator(TimeProvider.System, workerId: 3);
        const int threads = 4;
        const int perThread = 50_000;
        var results = new long[threads][];

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, thread =>
        {
            var ids = new long[perThread];
            for (var i = 0; i < perThread; i++)
            {
                ids[i] = generator.NewId();
            }

            results[thread] = ids;
        });

        Assert.Equal(threads * perThread, results.SelectMany(ids => ids).Distinct().Count());
        Assert.All(results, ids => Assert.Equal(ids.Order(), ids));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1024)]
    public void A_worker_id_outside_10_bits_is_refused(int workerId) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SnowflakeGenerator(TimeProvider.System, workerId));

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
