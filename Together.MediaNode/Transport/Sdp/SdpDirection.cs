namespace Together.MediaNode.Transport.Sdp;

/// <summary>An m-line's direction attribute (RFC 8866 §6.7), from the point of view of whoever wrote the SDP.</summary>
public enum SdpDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}

public static class SdpDirections
{
    public static string ToAttribute(this SdpDirection direction) => direction switch
    {
        SdpDirection.SendOnly => "sendonly",
        SdpDirection.RecvOnly => "recvonly",
        SdpDirection.Inactive => "inactive",
        _ => "sendrecv",
    };

    public static bool TryParse(string attribute, out SdpDirection direction)
    {
        (var known, direction) = attribute switch
        {
            "sendrecv" => (true, SdpDirection.SendRecv),
            "sendonly" => (true, SdpDirection.SendOnly),
            "recvonly" => (true, SdpDirection.RecvOnly),
            "inactive" => (true, SdpDirection.Inactive),
            _ => (false, SdpDirection.SendRecv),
        };
        return known;
    }

    /// <summary>The answer's direction for an offered one (RFC 3264 §6.1): what they send we receive.</summary>
    public static SdpDirection Mirror(this SdpDirection offered) => offered switch
    {
        SdpDirection.SendOnly => SdpDirection.RecvOnly,
        SdpDirection.RecvOnly => SdpDirection.SendOnly,
        _ => offered,
    };

    public static bool Sends(this SdpDirection direction) => direction is SdpDirection.SendRecv or SdpDirection.SendOnly;

    public static bool Receives(this SdpDirection direction) => direction is SdpDirection.SendRecv or SdpDirection.RecvOnly;
}
