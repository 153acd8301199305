using System.Net;
using System.Text;
using Together.MediaNode.Transport.Stun;

namespace Together.Tests.Media.Transport;

public sealed class StunMessageTests
{
    private static readonly byte[] Rfc5769Password = Encoding.UTF8.GetBytes("VOkJxbRl1RmTxUk/WvJxBt");

    [Fact]
    public void Rfc5769_sample_request_parses_and_authenticates()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.Request, out var message));

        Assert.Equal(StunMessageType.BindingRequest, message.Type);
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(message.Username));
        Assert.True(message.HasPriority);
        Assert.Equal(0x6e0001ffu, message.Priority);
        Assert.Equal(0x932ff9b151263b36ul, message.IceControlled);
        Assert.Null(message.IceControlling);
        Assert.False(message.UseCandidate);
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.VerifyMessageIntegrity(Rfc5769Password));
        Assert.False(message.VerifyMessageIntegrity("wrong-password-wrong-pw"u8));
    }

    [Fact]
    public void Rfc5769_ipv4_response_yields_its_mapped_address()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.IPv4Response, out var message));

        Assert.Equal(StunMessageType.BindingSuccessResponse, message.Type);
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(IPEndPoint.Parse("192.0.2.1:32853"), mapped);
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.VerifyMessageIntegrity(Rfc5769Password));
    }

    [Fact]
    public void Rfc5769_ipv6_response_yields_its_mapped_address()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.IPv6Response, out var message));

        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(IPEndPoint.Parse("[2001:db8:1234:5678:11:2233:4455:6677]:32853"), mapped);
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.VerifyMessageIntegrity(Rfc5769Password));
    }

    [Fact]
    public void Writer_reproduces_the_rfc5769_ipv6_response_integrity_and_fingerprint()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Vectors.IPv6Response, out var vector));
        var buffer = new byte[StunConstants.MaxBuiltMessageLength];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, vector.TransactionId);
        writer.AddSoftware("test vector");
        buffer[35] = 0x20; // RFC 5769 pads SOFTWARE with a space; padding may hold anything (RFC 8489 §14)
        writer.AddXorMappedAddress(IPEndPoint.Parse("[2001:db8:1234:5678:11:2233:4455:6677]:32853"));
        writer.AddMessageIntegrity(Rfc5769Password);
        writer.AddFingerprint();

        Assert.Equal(Rfc5769Vectors.IPv6Response, writer.Written.ToArray());
    }

    [Theory]
    [InlineData("127.0.0.1:50000")]
    [InlineData("[::1]:40000")]
    [InlineData("[2001:db8::7]:1")]
    public void Built_binding_request_round_trips_every_ice_attribute(string address)
    {
        var buffer = new byte[StunConstants.MaxBuiltMessageLength];
        var id = StunTransactionId.NewRandom();
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, id);
        writer.AddUsername("remote:local");
        writer.AddPriority(1853824767);
        writer.AddUseCandidate();
        writer.AddIceControlling(0x0102030405060708);
        writer.AddXorMappedAddress(IPEndPoint.Parse(address));
        writer.AddMessageIntegrity("a-password-of-22-chars"u8);
        writer.AddFingerprint();

        Assert.True(StunMessage.TryParse(writer.Written, out var parsed));
        Assert.Equal(id, parsed.TransactionId);
        Assert.Equal("remote:local", Encoding.UTF8.GetString(parsed.Username));
        Assert.Equal(1853824767u, parsed.Priority);
        Assert.True(parsed.UseCandidate);
        Assert.Equal(0x0102030405060708ul, parsed.IceControlling);
        Assert.True(parsed.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(IPEndPoint.Parse(address), mapped);
        Assert.True(parsed.VerifyMessageIntegrity("a-password-of-22-chars"u8));
        Assert.True(parsed.VerifyFingerprint());
    }

    [Fact]
    public void Error_response_carries_its_code()
    {
        var buffer = new byte[StunConstants.MaxBuiltMessageLength];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingErrorResponse, StunTransactionId.NewRandom());
        writer.AddErrorCode(401, "Unauthorized");
        writer.AddFingerprint();

        Assert.True(StunMessage.TryParse(writer.Written, out var parsed));
        Assert.Equal(StunMessageType.BindingErrorResponse, parsed.Type);
        Assert.Equal(401, parsed.ErrorCode);
    }

    [Fact]
    public void Any_flipped_bit_breaks_fingerprint_or_integrity()
    {
        var tampered = Rfc5769Vectors.Request.ToArray();
        tampered[40] ^= 0x01; // inside the SOFTWARE value: still parses

        Assert.True(StunMessage.TryParse(tampered, out var message));
        Assert.False(message.VerifyFingerprint());
        Assert.False(message.VerifyMessageIntegrity(Rfc5769Password));
    }

    [Fact]
    public void Every_truncation_and_malformed_header_is_refused_without_throwing()
    {
        foreach (var vector in new[] { Rfc5769Vectors.Request, Rfc5769Vectors.IPv4Response, Rfc5769Vectors.IPv6Response })
        {
            for (int length = 0; length < vector.Length; length++)
            {
                Assert.False(StunMessage.TryParse(vector.AsSpan(0, length), out _));
            }
        }

        var badCookie = Rfc5769Vectors.Request.ToArray();
        badCookie[4] = 0;
        Assert.False(StunMessage.TryParse(badCookie, out _));

        var topBits = Rfc5769Vectors.Request.ToArray();
        topBits[0] = 0x40;
        Assert.False(StunMessage.TryParse(topBits, out _));

        var trailing = Rfc5769Vectors.Request.Concat(new byte[4]).ToArray();
        Assert.False(StunMessage.TryParse(trailing, out _));
    }

    [Fact]
    public void Fingerprint_that_is_not_last_and_oversized_attribute_lengths_are_refused()
    {
        byte[] fingerprintFirst = Header(12, [0x80, 0x28, 0, 4, 0, 0, 0, 0, 0x80, 0x22, 0, 0]);
        Assert.False(StunMessage.TryParse(fingerprintFirst, out _));

        byte[] overrun = Header(8, [0x00, 0x06, 0x00, 0x40, 0x61, 0x62, 0x63, 0x64]);
        Assert.False(StunMessage.TryParse(overrun, out _));

        byte[] shortIntegrity = Header(8, [0x00, 0x08, 0x00, 0x04, 1, 2, 3, 4]);
        Assert.False(StunMessage.TryParse(shortIntegrity, out _));
    }

    [Fact]
    public void Seeded_random_mutations_never_throw()
    {
        var random = new Random(5769);
        var vectors = new[] { Rfc5769Vectors.Request, Rfc5769Vectors.IPv4Response, Rfc5769Vectors.IPv6Response };
        int parsed = 0;
        for (int round = 0; round < 20_000; round++)
        {
            var mutated = vectors[round % 3].ToArray();
            for (int flips = random.Next(1, 4); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }

            if (StunMessage.TryParse(mutated, out var message))
            {
                parsed++;
                _ = message.VerifyFingerprint();
                _ = message.VerifyMessageIntegrity(Rfc5769Password);
                _ = message.TryGetXorMappedAddress(out _);
                _ = message.ErrorCode;
            }
        }

        Assert.InRange(parsed, 1, 19_999);
    }

    [Fact]
    public void Parsing_and_verifying_allocates_nothing()
    {
        var request = Rfc5769Vectors.Request;
        Verify(request);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            Verify(request);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static void Verify(byte[] datagram)
        {
            Assert.True(StunMessage.TryParse(datagram, out var message));
            Assert.True(message.VerifyFingerprint() && message.VerifyMessageIntegrity(Rfc5769Password));
        }
    }

    private static byte[] Header(int bodyLength, byte[] body)
    {
        var message = new byte[20 + body.Length];
        message[1] = 0x01;
        message[3] = (byte)bodyLength;
        message[4] = 0x21;
        message[5] = 0x12;
        message[6] = 0xa4;
        message[7] = 0x42;
        body.CopyTo(message, 20);
        return message;
    }
}
