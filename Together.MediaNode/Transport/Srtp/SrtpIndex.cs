namespace Together.MediaNode.Transport.Srtp;

/// <summary>Packet-index arithmetic: RTP's ROC‖SEQ estimate (RFC 3711 §3.3.1) and SRTCP's E‖index word (§3.4).</summary>
internal static class SrtpIndex
{
    public const uint EncryptedFlag = 0x8000_0000;
    public const uint SrtcpIndexMask = 0x7FFF_FFFF;

    /// <summary>
    /// Guesses the 48-bit index of <paramref name="seq"/> from the highest index seen (RFC 3711 Appendix A), with
    /// signed differences so a slightly late packet just after a wrap keeps the previous ROC. False for a packet
    /// that would precede index 0 (ROC − 1 while ROC is 0).
    /// </summary>
    public static bool TryEstimate(bool started, ulong highest, ushort seq, out ulong index)
    {
        if (!started)
        {
            index = seq;
            return true;
        }

        var roc = (long)(highest >> 16);
        var lastSeq = (int)(highest & 0xFFFF);
        long guessedRoc;
        if (lastSeq < 0x8000)
        {
            guessedRoc = seq - lastSeq > 0x8000 ? roc - 1 : roc;
        }
        else
        {
            guessedRoc = lastSeq - 0x8000 > seq ? roc + 1 : roc;
        }

        if (guessedRoc < 0 || guessedRoc > uint.MaxValue)
        {
            index = 0;
            return false;
        }

        index = ((ulong)guessedRoc << 16) | seq;
        return true;
    }
}
