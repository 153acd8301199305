namespace Together.MediaNode.Sfu;

/// <summary>
/// The RTP numbers a participant's SDP negotiated: the Opus payload type and the header extension ids for
/// RFC 6464 audio level and RFC 8843 mid (0 when not negotiated). One set per participant: BUNDLE binds each id
/// to one URI for the whole transport, so every m-line the node adds reuses them.
/// </summary>
public readonly record struct AudioRtpParameters(byte OpusPayloadType, byte AudioLevelExtensionId, byte MidExtensionId);
