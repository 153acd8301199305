namespace Together.MediaNode.Transport.Stun;

public static class StunConstants
{
    public const int HeaderLength = 20;
    public const uint MagicCookie = 0x2112A442;
    public const uint FingerprintXor = 0x5354554E;
    public const int MessageIntegrityLength = 20;
    public const int TransactionIdLength = 12;

    /// <summary>Enough for any message this node builds; a request from a browser is ~100 bytes.</summary>
    public const int MaxBuiltMessageLength = 548;
}
