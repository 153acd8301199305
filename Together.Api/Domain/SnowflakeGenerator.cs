using Microsoft.Extensions.Options;
using Together.Api.Infrastructure;

namespace Together.Api.Domain;

/// <summary>
/// Mints 64-bit ids with Discord's layout: 42 bits of milliseconds since <see cref="Snowflake.Epoch"/>, 10 bits of
/// worker, 12 bits of sequence. Ids from one generator strictly increase, even across threads and when the clock
/// steps back: the generator then keeps counting from the last timestamp it used ("borrowing" time) instead of
/// waiting, and when 4,096 ids are used up within one millisecond it borrows the next millisecond. Borrowed time is
/// at most as far ahead as the burst that caused it, and the wall clock catches up with it.
/// </summary>
public sealed class SnowflakeGenerator
{
    private readonly TimeProvider _time;
    private readonly long _workerId;
    private readonly Lock _gate = new();
    private long _lastMilliseconds = -1;
    private long _sequence;

    public SnowflakeGenerator(TimeProvider time, int workerId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workerId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(workerId, Snowflake.MaxWorkerId);
        _time = time;
        _workerId = workerId;
    }

    public SnowflakeGenerator(TimeProvider time, IOptions<TogetherOptions> options)
        : this(time, options.Value.WorkerId)
    {
    }

    public long NewId()
    {
        var now = Snowflake.MillisecondsSinceEpoch(_time.GetUtcNow());
        lock (_gate)
        {
            if (now <= _lastMilliseconds)
            {
                now = _lastMilliseconds;
                _sequence = (_sequence + 1) & Snowflake.MaxSequence;
                if (_sequence == 0)
                {
                    now++;
                }
            }
            else
            {
                _sequence = 0;
            }

            _lastMilliseconds = now;
            return Snowflake.Compose(now, _workerId, _sequence);
        }
    }
}
