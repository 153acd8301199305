namespace Together.MediaNode.Transport.Dtls;

public sealed record DtlsHandshakeResult(SrtpKeyMaterial? KeyMaterial, string? Failure, DtlsHandshakeSummary Summary)
{
    public bool Succeeded => KeyMaterial is not null;
}
