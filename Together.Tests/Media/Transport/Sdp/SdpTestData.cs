using Together.MediaNode.Transport.Sdp;

namespace Together.Tests.Media.Transport.Sdp;

internal static class SdpTestData
{
    /// <summary>The node side used to produce the stored Chromium answers (tools in docs/media-transport.md).</summary>
    public static readonly SdpLocalTransport Local = new(
        "Tgth",
        "TogetherTestPassword0123",
        "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99",
        [SdpCandidate.HostUdp("1", "127.0.0.1", 40000), SdpCandidate.HostTcpPassive("2", "127.0.0.1", 40001)],
        1234567890);

    public static readonly SdpSendingStream SpeakerA = new(111111, "node-cname", "speaker-a", "track-a");
    public static readonly SdpSendingStream SpeakerB = new(222222, "node-cname", "speaker-b", "track-b");
    public static readonly SdpSendingStream SpeakerC = new(333333, "node-cname", "speaker-c", "track-c");

    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Media", "Data", name));

    public static SessionDescription ChromiumOffer() => SessionDescription.Parse(Read("chromium-offer.sdp"));

    public static SdpNegotiation AnswerChromiumOffer()
    {
        Assert.True(SdpAnswerer.TryCreateAnswer(ChromiumOffer(), Local, 1, null, out var negotiation, out var error), error);
        return negotiation;
    }

    public static string[] LinesOf(SessionDescription sdp) => sdp.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
}
