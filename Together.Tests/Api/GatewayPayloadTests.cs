using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MessagePack;
using MessagePack.Formatters;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Together.Api.Features.Attachments;
using Together.Api.Features.Messages;
using Together.Api.Features.Presence;
using Together.Api.Gateway;
using Together.Tests.Infrastructure;

namespace Together.Tests.Api;

/// <summary>
/// <see cref="SerializedPayload"/>: an event's payload serialised once per protocol however many connections get it,
/// with the bytes serialising it in place gives, through the hub's own protocols and options.
/// </summary>
public sealed class GatewayPayloadTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly JsonSerializerOptions CamelCase = new(JsonSerializerDefaults.Web);
    private static readonly JsonSerializerOptions PascalCaseWithoutNulls = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private TogetherApiHost Host => api.Host;

    public static TheoryData<string> Payloads => ["message", "message without extras", "presence", "presence without custom status"];

    private static object Payload(string name) => name switch
    {
        "message" => new MessageDto("1001", "2002", new MessageAuthorDto("3003", "ada", "Ada <Lovelace> & \"co\" é 🎉"),
            "hello <@3004> & 'friends' — ünïcödé 🎉\n\u2028", new DateTimeOffset(2026, 12, 7, 4, 0, 0, 123, TimeSpan.Zero),
            new DateTimeOffset(2026, 12, 7, 4, 1, 0, TimeSpan.Zero), new MessageReferenceDto("999", null, null), ["3004", "3005"],
            ["4004"], true, true, [new ReactionCountDto("👍", 2, false), new ReactionCountDto("custom:42", 1, false)],
            [new AttachmentDto("5005", "cat picture.png", "image/png", 123456, 640, 480, "https://example.test/a?sig=x&exp=1"),
             new AttachmentDto("5006", "notes.txt", "text/plain", 12, null, null, "https://example.test/b")],
            "nonce-1"),
        "message without extras" => new MessageDto("1001", "2002", new MessageAuthorDto("3003", "ada", null), "plain",
            DateTimeOffset.UnixEpoch, null, null, [], [], false, false, [], [], null),
        "presence" => new PresenceDto("3003", "dnd", new CustomStatus("in a meeting — 🎧", "🎧")),
        "presence without custom status" => new PresenceDto("3003", "online", null),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void The_wrapped_payload_goes_on_the_wire_byte_for_byte_as_the_payload_itself(string name)
    {
        var protocols = Host.Services.GetServices<IHubProtocol>().ToList();
        Assert.Equal(["json", "messagepack"], protocols.Select(protocol => protocol.Name).Order());
        var wrapped = SerializedPayload.Of(Payload(name));

        foreach (var protocol in protocols)
        {
            var expected = protocol.GetMessageBytes(Event(Payload(name))).ToArray();
            // Twice: the first serialises, the second writes the cached bytes.
            Assert.Equal(expected, protocol.GetMessageBytes(Event(wrapped)).ToArray());
            Assert.Equal(expected, protocol.GetMessageBytes(Event(wrapped)).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void The_wrapped_payload_serialises_as_the_payload_does_with_the_hubs_serializer_options(string name)
    {
        var json = Host.Services.GetRequiredService<IOptions<JsonHubProtocolOptions>>().Value.PayloadSerializerOptions;
        var messagePack = Host.Services.GetRequiredService<IOptions<MessagePackHubProtocolOptions>>().Value.SerializerOptions;
        var wrapped = SerializedPayload.Of(Payload(name));

        Assert.Equal(JsonSerializer.Serialize<object>(Payload(name), json), JsonSerializer.Serialize<object>(wrapped, json));
        Assert.Equal(MessagePackSerializer.Serialize<object>(Payload(name), messagePack), MessagePackSerializer.Serialize<object>(wrapped, messagePack));
        // The hub's JSON is camelCase and keeps nulls: what clients have always been sent.
        Assert.Contains(name.StartsWith("message", StringComparison.Ordinal) ? "\"channelId\":\"2002\"" : "\"userId\":\"3003\"",
            JsonSerializer.Serialize<object>(wrapped, json), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_options_instance_gets_its_own_bytes()
    {
        var wrapped = SerializedPayload.Of(new PresenceDto("3003", "online", null));

        Assert.Equal("""{"userId":"3003","status":"online","customStatus":null}""", JsonSerializer.Serialize<object>(wrapped, CamelCase));
        Assert.Equal("""{"UserId":"3003","Status":"online"}""", JsonSerializer.Serialize<object>(wrapped, PascalCaseWithoutNulls));
        Assert.Same(wrapped, SerializedPayload.Of(wrapped));
    }

    [Fact]
    public async Task An_event_to_three_connections_is_serialised_once_per_protocol()
    {
        var user = await Host.RegisterAsync();
        await using var first = await GatewayTestClient.ConnectAsync(Host, user.AccessToken);
        await using var second = await GatewayTestClient.ConnectAsync(Host, user.AccessToken);
        var packed = new TaskCompletionSource<GatewayEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var third = new HubConnectionBuilder()
            .WithUrl(new Uri(Host.BaseAddress, "/gateway"), options =>
                options.AccessTokenProvider = () => Task.FromResult<string?>(user.AccessToken))
            .AddMessagePackProtocol()
            .Build();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        third.On<GatewayEvent>("event", gatewayEvent =>
        {
            if (gatewayEvent.Type == GatewayEventTypes.Ready)
            {
                ready.TrySetResult();
            }
            else if (gatewayEvent.Type == CountingPayload.Type)
            {
                packed.TrySetResult(gatewayEvent);
            }
        });
        await third.StartAsync().WaitAsync(Timeout);
        await ready.Task.WaitAsync(Timeout);
        var payload = new CountingPayload("once");

        Host.Services.GetRequiredService<GatewayDispatcher>()
            .Dispatch(GatewayGroups.User(long.Parse(user.Id, CultureInfo.InvariantCulture)), CountingPayload.Type, payload);

        Assert.Equal("once", (await first.SkipToEventAsync(CountingPayload.Type)).GetProperty("text").GetString());
        Assert.Equal("once", (await second.SkipToEventAsync(CountingPayload.Type)).GetProperty("text").GetString());
        var received = await packed.Task.WaitAsync(Timeout);
        Assert.Equal("once", Assert.IsAssignableFrom<IDictionary<object, object>>(received.Data)["text"]);
        Assert.Equal(1, payload.JsonWrites);
        Assert.Equal(1, payload.MessagePackWrites);
    }

    private static InvocationMessage Event(object data) =>
        new(null, "event", [new GatewayEvent("MESSAGE_CREATE", 7, data)]);
}

/// <summary>A payload that counts how often each protocol serialises it.</summary>
[JsonConverter(typeof(CountingPayloadJsonConverter))]
[MessagePackFormatter(typeof(CountingPayloadFormatter))]
public sealed class CountingPayload(string text)
{
    public const string Type = "COUNTING_TEST";

    private int _jsonWrites;
    private int _messagePackWrites;

    public string Text => text;

    public int JsonWrites => Volatile.Read(ref _jsonWrites);

    public int MessagePackWrites => Volatile.Read(ref _messagePackWrites);

    public void CountJson() => Interlocked.Increment(ref _jsonWrites);

    public void CountMessagePack() => Interlocked.Increment(ref _messagePackWrites);
}

public sealed class CountingPayloadJsonConverter : JsonConverter<CountingPayload>
{
    public override CountingPayload Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException();

    public override void Write(Utf8JsonWriter writer, CountingPayload value, JsonSerializerOptions options)
    {
        value.CountJson();
        writer.WriteStartObject();
        writer.WriteString("text", value.Text);
        writer.WriteEndObject();
    }
}

public sealed class CountingPayloadFormatter : IMessagePackFormatter<CountingPayload>
{
    public void Serialize(ref MessagePackWriter writer, CountingPayload value, MessagePackSerializerOptions options)
    {
        value.CountMessagePack();
        writer.WriteMapHeader(1);
        writer.Write("text");
        writer.Write(value.Text);
    }

    public CountingPayload Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        throw new NotSupportedException();
}
