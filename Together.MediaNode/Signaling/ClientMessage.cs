using System.Text.Json;

namespace Together.MediaNode.Signaling;

/// <summary>A validated client-to-node message (DESIGN §6). Anything else is refused before it reaches a room.</summary>
internal sealed record ClientMessage(string Op, string? Sdp, bool Flag)
{
    private const int MaxDepth = 8;

    public static bool TryParse(ReadOnlySpan<byte> utf8, out ClientMessage message, out string code, out string problem)
    {
        message = null!;
        code = SignalingErrorCodes.BadMessage;
        try
        {
            var document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth });
            using (document)
            {
                return TryRead(document.RootElement, out message, out code, out problem);
            }
        }
        catch (JsonException)
        {
            problem = "messages are JSON objects {op, d}";
            return false;
        }
    }

    private static bool TryRead(JsonElement root, out ClientMessage message, out string code, out string problem)
    {
        message = null!;
        code = SignalingErrorCodes.BadMessage;
        problem = "";
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("op", out var opElement)
            || opElement.ValueKind != JsonValueKind.String)
        {
            problem = "messages are JSON objects {op, d}";
            return false;
        }

        var op = opElement.GetString()!;
        root.TryGetProperty("d", out var data);
        switch (op)
        {
            case "offer" or "answer":
                if (data.ValueKind == JsonValueKind.Object
                    && data.TryGetProperty("sdp", out var sdp)
                    && sdp.ValueKind == JsonValueKind.String
                    && sdp.GetString() is { Length: > 0 } text)
                {
                    message = new ClientMessage(op, text, false);
                    return true;
                }

                problem = $"{op} needs d.sdp";
                return false;
            case "mute" or "deaf":
                var flagName = op == "mute" ? "muted" : "deafened";
                if (data.ValueKind == JsonValueKind.Object
                    && data.TryGetProperty(flagName, out var flag)
                    && flag.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    message = new ClientMessage(op, null, flag.GetBoolean());
                    return true;
                }

                problem = $"{op} needs d.{flagName} (boolean)";
                return false;
            case "candidate":
                if (data.ValueKind is JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined)
                {
                    message = new ClientMessage(op, null, false);
                    return true;
                }

                problem = "candidate needs d {candidate, sdpMid}";
                return false;
            case "leave":
                message = new ClientMessage(op, null, false);
                return true;
            default:
                code = SignalingErrorCodes.UnknownOp;
                problem = "unknown op";
                return false;
        }
    }
}

internal enum SessionInputKind
{
    Message,
    Renegotiate,
    TransportClosed,
}

internal sealed record SessionInput(SessionInputKind Kind, ClientMessage? Message)
{
    public static readonly SessionInput Renegotiate = new(SessionInputKind.Renegotiate, null);
    public static readonly SessionInput TransportClosed = new(SessionInputKind.TransportClosed, null);

    public static SessionInput From(ClientMessage message) => new(SessionInputKind.Message, message);
}
