using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Together.Api.Features.Voice;

/// <summary>
/// Checks a TURN server the way a browser uses it: an Allocate (RFC 5766) over UDP, answered 401 with a realm and
/// nonce, then again with the TURN REST credentials a voice join hands out (long-term credential mechanism,
/// MESSAGE-INTEGRITY keyed MD5(username:realm:password)). Success means coturn accepts the shared secret; the
/// allocation is released at once (Refresh, lifetime 0).
/// </summary>
public static class TurnProbe
{
    private const ushort Allocate = 0x0003, AllocateSuccess = 0x0103, AllocateError = 0x0113, Refresh = 0x0004;
    private const ushort Username = 0x0006, MessageIntegrity = 0x0008, ErrorCode = 0x0009, Lifetime = 0x000D,
        Realm = 0x0014, Nonce = 0x0015, RequestedTransport = 0x0019;
    private const uint MagicCookie = 0x2112A442;

    /// <summary>Null when the server accepted the credential; else what went wrong, for a person.</summary>
    public static async Task<string?> CheckAsync(string host, int port, string username, string password, TimeSpan timeout)
    {
        IPAddress address;
        try
        {
            address = IPAddress.TryParse(host, out var literal) ? literal : (await Dns.GetHostAddressesAsync(host)).First();
        }
        catch (Exception ex) when (ex is SocketException or InvalidOperationException)
        {
            return $"cannot resolve {host}";
        }

        using var socket = new UdpClient(address.AddressFamily);
        var server = new IPEndPoint(address, port);
        var first = await ExchangeAsync(socket, server, Build(Allocate, [Attribute(RequestedTransport, [17, 0, 0, 0])], null), timeout);
        if (first is null)
        {
            return $"no answer from {server} over UDP: is coturn running, and its port open?";
        }

        var (type, attributes) = first.Value;
        if (type == AllocateSuccess)
        {
            return "the server allocated without credentials: it is an open relay; enable use-auth-secret";
        }

        if (!attributes.TryGetValue(Realm, out var realm) || !attributes.TryGetValue(Nonce, out var nonce))
        {
            return $"unexpected answer to Allocate (type 0x{type:x4}, error {ErrorOf(attributes)})";
        }

#pragma warning disable CA5351 // the TURN long-term credential key is MD5 by definition (RFC 5389 §15.4)
        var key = MD5.HashData(Encoding.UTF8.GetBytes($"{username}:{Encoding.UTF8.GetString(realm)}:{password}"));
#pragma warning restore CA5351
        byte[][] auth = [Attribute(Username, Encoding.UTF8.GetBytes(username)), Attribute(Realm, realm), Attribute(Nonce, nonce)];
        var second = await ExchangeAsync(socket, server, Build(Allocate, [Attribute(RequestedTransport, [17, 0, 0, 0]), .. auth], key), timeout);
        if (second is null)
        {
            return $"no answer from {server} to the authenticated Allocate";
        }

        if (second.Value.Type == AllocateError)
        {
            var error = ErrorOf(second.Value.Attributes);
            return error == 401
                ? "the server refused the credential (401): Turn:SharedSecret differs from coturn's static-auth-secret, or coturn lacks use-auth-secret, or the clocks differ (the username carries an expiry time)"
                : $"the server refused the allocation (error {error})";
        }

        // Release the relay at once: the check must not hold a port for ten minutes.
        await ExchangeAsync(socket, server, Build(Refresh, [Attribute(Lifetime, [0, 0, 0, 0]), .. auth], key), timeout);
        return null;
    }

    private static int ErrorOf(Dictionary<ushort, byte[]> attributes) =>
        attributes.TryGetValue(ErrorCode, out var value) && value.Length >= 4 ? (value[2] & 0x7) * 100 + value[3] : 0;

    private static async Task<(ushort Type, Dictionary<ushort, byte[]> Attributes)?> ExchangeAsync(
        UdpClient socket, IPEndPoint server, byte[] request, TimeSpan timeout)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await socket.SendAsync(request, server);
            using var wait = new CancellationTokenSource(timeout / 3);
            try
            {
                while (true)
                {
                    var answer = (await socket.ReceiveAsync(wait.Token)).Buffer;
                    if (answer.Length >= 20 && answer.AsSpan(8, 12).SequenceEqual(request.AsSpan(8, 12)))
                    {
                        return (BinaryPrimitives.ReadUInt16BigEndian(answer), Parse(answer));
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (SocketException)
            {
                return null;
            }
        }

        return null;
    }

    private static Dictionary<ushort, byte[]> Parse(byte[] message)
    {
        var attributes = new Dictionary<ushort, byte[]>();
        var offset = 20;
        var end = Math.Min(message.Length, 20 + BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(2)));
        while (offset + 4 <= end)
        {
            var type = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(offset));
            var length = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(offset + 2));
            if (offset + 4 + length > end)
            {
                break;
            }

            attributes.TryAdd(type, message.AsSpan(offset + 4, length).ToArray());
            offset += 4 + ((length + 3) & ~3);
        }

        return attributes;
    }

    private static byte[] Attribute(ushort type, byte[] value)
    {
        var attribute = new byte[4 + ((value.Length + 3) & ~3)];
        BinaryPrimitives.WriteUInt16BigEndian(attribute, type);
        BinaryPrimitives.WriteUInt16BigEndian(attribute.AsSpan(2), (ushort)value.Length);
        value.CopyTo(attribute, 4);
        return attribute;
    }

    /// <summary>A request with the attributes, and MESSAGE-INTEGRITY last when a key is given (RFC 5389 §15.4).</summary>
    private static byte[] Build(ushort type, byte[][] attributes, byte[]? key)
    {
        var body = attributes.SelectMany(attribute => attribute).ToArray();
        var message = new byte[20 + body.Length + (key is null ? 0 : 24)];
        BinaryPrimitives.WriteUInt16BigEndian(message, type);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), MagicCookie);
        RandomNumberGenerator.Fill(message.AsSpan(8, 12));
        body.CopyTo(message, 20);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), (ushort)(message.Length - 20));
        if (key is not null)
        {
            var integrityAt = 20 + body.Length;
#pragma warning disable CA5350 // STUN's MESSAGE-INTEGRITY is HMAC-SHA1 by definition
            var mac = HMACSHA1.HashData(key, message.AsSpan(0, integrityAt));
#pragma warning restore CA5350
            Attribute(MessageIntegrity, mac).CopyTo(message, integrityAt);
        }

        return message;
    }
}
