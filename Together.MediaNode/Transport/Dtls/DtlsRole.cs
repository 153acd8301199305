namespace Together.MediaNode.Transport.Dtls;

public enum DtlsRole
{
    /// <summary>We answered a=setup:passive: the browser sends the ClientHello.</summary>
    Server,

    /// <summary>The probe: a=setup:active.</summary>
    Client,
}
