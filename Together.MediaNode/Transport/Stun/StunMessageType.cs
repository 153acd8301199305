namespace Together.MediaNode.Transport.Stun;

/// <summary>The Binding method in its four classes: the only STUN method ICE uses.</summary>
public enum StunMessageType : ushort
{
    BindingRequest = 0x0001,
    BindingIndication = 0x0011,
    BindingSuccessResponse = 0x0101,
    BindingErrorResponse = 0x0111,
}
