using Together.MediaNode.Transport.Sdp;

namespace Together.Tests.Media.Transport.Sdp;

public sealed class SessionDescriptionTests
{
    [Fact]
    public void A_real_chromium_offer_is_read()
    {
        var offer = SdpTestData.ChromiumOffer();

        var audio = Assert.Single(offer.Media);
        Assert.Equal(["0"], offer.BundleMids);
        Assert.Equal(("audio", "UDP/TLS/RTP/SAVPF", "0"), (audio.Media, audio.Protocol, audio.Mid));
        Assert.Equal(["111", "63", "9", "0", "8", "13", "110", "126"], audio.Formats);
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        Assert.True(audio.TryFindPayloadType("opus/48000/2", out var opus));
        Assert.Equal(111, opus);
        Assert.Equal(1, audio.FindExtensionId("urn:ietf:params:rtp-hdrext:ssrc-audio-level"));
        Assert.Equal(4, audio.FindExtensionId("urn:ietf:params:rtp-hdrext:sdes:mid"));
        Assert.Equal(3, audio.FindExtensionId("http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"));
        Assert.Single(audio.GetSsrcs());
        Assert.Equal("actpass", audio.GetAttribute("setup"));
        Assert.StartsWith("sha-256 ", audio.GetAttribute("fingerprint"), StringComparison.Ordinal);
        Assert.Equal(8, audio.GetAttributes("candidate").Count());
    }

    [Fact]
    public void Writing_a_parsed_sdp_gives_back_the_same_text()
    {
        var text = SdpTestData.Read("chromium-offer-audio-video-data.sdp");

        Assert.Equal(text, SessionDescription.Parse(text).ToString());
    }

    [Fact]
    public void Lf_line_endings_and_unknown_lines_are_accepted_and_kept()
    {
        var text = SdpTestData.Read("chromium-offer.sdp").Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace("s=-\n", "s=-\nz=0 0\nb=AS:30\n", StringComparison.Ordinal)
            .Replace("a=mid:0\n", "a=mid:0\na=x-future-thing:42\ny=unknown\n", StringComparison.Ordinal);

        var sdp = SessionDescription.Parse(text);

        Assert.Contains(new SdpLine('z', "0 0"), sdp.Lines);
        Assert.Equal("42", sdp.Media[0].GetAttribute("x-future-thing"));
        Assert.Contains(new SdpLine('y', "unknown"), sdp.Media[0].Lines);
        Assert.Equal("0", sdp.Media[0].Mid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("o=- 1 1 IN IP4 0.0.0.0\r\nv=0\r\n")]
    [InlineData("v=1\r\n")]
    [InlineData("v=0\r\nthis is not sdp\r\n")]
    [InlineData("v=0\r\nm=audio\r\n")]
    [InlineData("v=0\r\nm=audio port UDP/TLS/RTP/SAVPF 111\r\n")]
    [InlineData("v=0\r\nm=audio 70000 UDP/TLS/RTP/SAVPF 111\r\n")]
    [InlineData("v=0\r\nm=audio -1 UDP/TLS/RTP/SAVPF 111\r\n")]
    [InlineData("v=0\r\na=mid:0\rx=injected\r\n")]
    [InlineData("v=0\r\ns=nul\0inside\r\n")]
    public void Malformed_sdp_is_refused_with_a_reason(string text)
    {
        Assert.False(SessionDescription.TryParse(text, out var sdp, out var error));
        Assert.Null(sdp);
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Throws<FormatException>(() => SessionDescription.Parse(text));
    }

    [Fact]
    public void Oversized_sdp_is_refused()
    {
        var text = "v=0\r\n" + string.Concat(Enumerable.Repeat("a=x-padding:0123456789\r\n", 4000));

        Assert.False(SessionDescription.TryParse(text, out _, out var error));
        Assert.Contains("longer", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_range_is_read_as_its_first_port()
    {
        var sdp = SessionDescription.Parse("v=0\r\nm=audio 49170/2 RTP/AVP 0\r\n");

        Assert.Equal(49170, sdp.Media[0].Port);
    }

    [Fact]
    public void Mutated_offers_never_throw_from_parsing_or_answering()
    {
        var random = new Random(99);
        var lines = SdpTestData.Read("chromium-offer-audio-video-data.sdp").Split("\r\n");
        for (var i = 0; i < 3000; i++)
        {
            var mutated = lines.ToList();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var index = random.Next(mutated.Count);
                switch (random.Next(3))
                {
                    case 0:
                        mutated.RemoveAt(index);
                        break;
                    case 1:
                        mutated.Insert(index, mutated[random.Next(mutated.Count)]);
                        break;
                    default:
                        var chars = mutated[index].ToCharArray();
                        if (chars.Length > 0)
                        {
                            chars[random.Next(chars.Length)] = (char)random.Next(32, 127);
                        }

                        mutated[index] = new string(chars);
                        break;
                }
            }

            if (SessionDescription.TryParse(string.Join("\r\n", mutated), out var sdp, out _))
            {
                if (SdpAnswerer.TryCreateAnswer(sdp, SdpTestData.Local, 1, null, out var negotiation, out _))
                {
                    Assert.True(SessionDescription.TryParse(negotiation.Local.ToString(), out _, out _));
                }
            }
        }
    }
}
