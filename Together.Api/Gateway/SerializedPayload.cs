using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using MessagePack;
using MessagePack.Formatters;

namespace Together.Api.Gateway;

/// <summary>
/// An event's payload (<c>d</c>) shared by every connection the event goes to: serialised the first time a connection
/// of a protocol sends it, and those bytes written as they are for every other connection (and for a resume's replay),
/// so an event to N connections costs one serialisation per protocol, not N. The bytes are those serialising
/// <see cref="Inner"/> in place would give: the same options, the same writer settings.
/// <para>
/// Cached per options instance (and per writer setting that changes the bytes): SignalR gives every connection of a
/// protocol the same options, so in practice there is one entry per protocol, yet another hub or protocol instance
/// with its own options would get its own bytes rather than someone else's.
/// </para>
/// </summary>
[JsonConverter(typeof(SerializedPayloadJsonConverter))]
[MessagePackFormatter(typeof(SerializedPayloadMessagePackFormatter))]
public sealed class SerializedPayload
{
    private readonly Lock _lock = new();
    private Entry[] _cache = [];

    private SerializedPayload(object inner) => Inner = inner;

    /// <summary>What is serialised: the payload as it would be sent unwrapped.</summary>
    public object Inner { get; }

    /// <summary>Wraps <paramref name="data"/> once: a payload already wrapped is returned as it is.</summary>
    public static SerializedPayload Of(object data) => data as SerializedPayload ?? new SerializedPayload(data);

    /// <summary>UTF-8 JSON of <see cref="Inner"/> under <paramref name="options"/>, escaped with <paramref name="encoder"/> (the writer's).</summary>
    internal byte[] JsonBytes(JsonSerializerOptions options, JavaScriptEncoder? encoder) =>
        Get(options, encoder, (Inner, options, encoder), static state =>
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = state.encoder, SkipValidation = true }))
            {
                JsonSerializer.Serialize<object>(writer, state.Inner, state.options);
            }

            return buffer.WrittenSpan.ToArray();
        });

    /// <summary>
    /// MessagePack of <see cref="Inner"/> as the <c>object</c> formatter of <paramref name="options"/> writes it nested in
    /// the envelope; <paramref name="oldSpec"/> is the writer's (it changes how strings and binary are written).
    /// </summary>
    internal byte[] MessagePackBytes(MessagePackSerializerOptions options, bool oldSpec) =>
        Get(options, oldSpec ? OldSpecKey : null, (Inner, options, oldSpec), static state =>
        {
            var buffer = new ArrayBufferWriter<byte>();
            var writer = new MessagePackWriter(buffer) { OldSpec = state.oldSpec };
            state.options.Resolver.GetFormatterWithVerify<object>().Serialize(ref writer, state.Inner, state.options);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        });

    private static readonly object OldSpecKey = new();

    private byte[] Get<TState>(object options, object? variant, TState state, Func<TState, byte[]> serialize)
    {
        if (Find(Volatile.Read(ref _cache), options, variant) is { } cached)
        {
            return cached;
        }

        // Under the lock, so connections sending the event at once wait for one serialisation instead of each doing it.
        lock (_lock)
        {
            if (Find(_cache, options, variant) is { } raced)
            {
                return raced;
            }

            var bytes = serialize(state);
            Volatile.Write(ref _cache, [.. _cache, new Entry(options, variant, bytes)]);
            return bytes;
        }
    }

    private static byte[]? Find(Entry[] cache, object options, object? variant)
    {
        foreach (var entry in cache)
        {
            if (ReferenceEquals(entry.Options, options) && ReferenceEquals(entry.Variant, variant))
            {
                return entry.Bytes;
            }
        }

        return null;
    }

    private sealed record Entry(object Options, object? Variant, byte[] Bytes);
}

/// <summary>Writes <see cref="SerializedPayload"/> as its inner payload's JSON, serialised once per options.</summary>
public sealed class SerializedPayloadJsonConverter : JsonConverter<SerializedPayload>
{
    public override SerializedPayload Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Gateway payloads are only sent, never received.");

    public override void Write(Utf8JsonWriter writer, SerializedPayload value, JsonSerializerOptions options)
    {
        // Raw bytes would not be re-indented; SignalR writes compact JSON, so this path is for other writers only.
        if (writer.Options.Indented)
        {
            JsonSerializer.Serialize<object>(writer, value.Inner, options);
            return;
        }

        writer.WriteRawValue(value.JsonBytes(options, writer.Options.Encoder), skipInputValidation: true);
    }
}

/// <summary>Writes <see cref="SerializedPayload"/> as its inner payload's MessagePack, serialised once per options.</summary>
public sealed class SerializedPayloadMessagePackFormatter : IMessagePackFormatter<SerializedPayload>
{
    public void Serialize(ref MessagePackWriter writer, SerializedPayload value, MessagePackSerializerOptions options) =>
        writer.WriteRaw(value.MessagePackBytes(options, writer.OldSpec));

    public SerializedPayload Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        throw new NotSupportedException("Gateway payloads are only sent, never received.");
}
