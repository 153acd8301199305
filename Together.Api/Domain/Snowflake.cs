using System.Globalization;

namespace Together.Api.Domain;

/// <summary>The bit layout of Together ids (Discord's): milliseconds since 2015-01-01 | worker | sequence.</summary>
public static class Snowflake
{
    public static readonly DateTimeOffset Epoch = new(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const int WorkerBits = 10;
    public const int SequenceBits = 12;
    public const int MaxWorkerId = (1 << WorkerBits) - 1;
    public const long MaxSequence = (1 << SequenceBits) - 1;

    /// <summary>The worker id reserved for imported history, whose ids carry their original timestamps.</summary>
    public const int ImportWorkerId = MaxWorkerId;

    public static long Compose(long millisecondsSinceEpoch, long workerId, long sequence) =>
        (millisecondsSinceEpoch << (WorkerBits + SequenceBits)) | (workerId << SequenceBits) | sequence;

    public static long MillisecondsSinceEpoch(DateTimeOffset time) =>
        Math.Max(0, (long)(time - Epoch).TotalMilliseconds);

    public static DateTimeOffset CreatedAt(long id) =>
        Epoch.AddMilliseconds(id >> (WorkerBits + SequenceBits));

    public static int WorkerId(long id) => (int)((id >> SequenceBits) & MaxWorkerId);

    public static long Sequence(long id) => id & MaxSequence;

    /// <summary>Ids travel as decimal strings: JavaScript numbers lose precision above 2^53.</summary>
    public static string Format(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads an id sent as a decimal string: digits only, positive, within 64 bits.</summary>
    public static bool TryParse(string? value, out long id) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
}
